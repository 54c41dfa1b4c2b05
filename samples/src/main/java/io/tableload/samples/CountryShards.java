package io.tableload.samples;

import io.tableload.load.LoadPlan;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Splits a plan of the {@code sales} table into one shard per country, so that each model is
 * trained on one country's rows. Deterministic: every worker that plans the same table with the
 * same filter gets the same shards in the same order (countries by name), so worker {@code I} of
 * {@code N} knows its country from its index alone, as an orchestrator's array index gives it.
 */
public final class CountryShards {
    public static final String KEY = "country";

    private CountryShards() {}

    /** One country's part of a plan. */
    public record Shard(String country, LoadPlan plan) {
        public Shard {
            Objects.requireNonNull(country, "country");
            Objects.requireNonNull(plan, "plan");
        }
    }

    /** The plan's countries in name order, each with its own partitions and files. */
    public static List<Shard> of(LoadPlan plan) {
        if (plan.table().partitionKeys().stream().noneMatch(k -> k.name().equals(KEY))) {
            throw new IllegalArgumentException(plan.table().ref() + " is not partitioned by " + KEY);
        }
        Map<String, LoadPlan> byCountry = new TreeMap<>();
        for (String country : plan.partitions().stream().map(p -> p.values().get(KEY)).distinct().toList()) {
            byCountry.put(country, new LoadPlan(plan.table(),
                    plan.partitions().stream().filter(p -> country.equals(p.values().get(KEY))).toList(),
                    plan.files().stream().filter(f -> country.equals(f.partitionValues().get(KEY))).toList()));
        }
        return byCountry.entrySet().stream().map(e -> new Shard(e.getKey(), e.getValue())).toList();
    }
}
