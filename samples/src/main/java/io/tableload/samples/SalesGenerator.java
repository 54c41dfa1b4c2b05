package io.tableload.samples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.avro.Conversions;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;

/**
 * Writes the sample {@code sales} table as Hive-partitioned Parquet files under a local directory:
 * {@code country=XX/dt=YYYY-MM-DD/part-NNNNN.parquet}. Deterministic for a seed: the same seed and
 * size give the same rows. Countries are unevenly sized, as real ones are: the largest holds about
 * a fifth of the rows, the smallest a few hundredths of that.
 *
 * <p>{@code amount} is {@code quantity * unit_price} less a discount when there is a discount
 * code, so a regression of amount on quantity and price has something real to find.
 */
public final class SalesGenerator {
    /** 30 countries, largest first; row shares fall off as 1/(rank+1). */
    public static final List<String> COUNTRIES = List.of(
            "US", "DE", "GB", "FR", "JP", "BR", "IN", "IT", "ES", "CA",
            "MX", "KR", "AU", "NL", "SE", "PL", "BE", "CH", "AT", "NO",
            "DK", "FI", "IE", "PT", "CZ", "GR", "NZ", "HU", "RO", "EE");
    static final String[] PRODUCTS = {
        "kettle", "toaster", "blender", "lamp", "desk", "chair", "mug", "plate", "pan", "knife",
        "towel", "pillow", "blanket", "rug", "mirror", "clock", "vase", "shelf", "stool", "fan"};
    static final String[] CURRENCIES = {"USD", "EUR", "GBP", "JPY", "BRL", "INR", "SEK", "NOK"};
    /** Compressed Parquet bytes per row, measured on this generator's output (zstd, as written). */
    static final double BYTES_PER_ROW = 14.2;
    static final int MAX_ROWS_PER_FILE = 2_000_000;

    private final long seed;
    private final LocalDate firstDay;
    private final int days;

    /**
     * @param seed the seed every row derives from
     * @param firstDay the first {@code dt} partition
     * @param days how many consecutive days (one {@code dt} partition each, per country)
     */
    public SalesGenerator(long seed, LocalDate firstDay, int days) {
        if (days < 1) {
            throw new IllegalArgumentException("days must be 1 or more");
        }
        this.seed = seed;
        this.firstDay = firstDay;
        this.days = days;
    }

    /** One partition of the generated table and the files written for it. */
    public record GeneratedPartition(String country, LocalDate dt, String path, List<Path> files, long rows) {}

    /**
     * Writes about {@code targetBytes} of Parquet under {@code root} and returns the partitions in
     * (country, dt) order. Partitions are written in parallel, one per core; each has its own
     * seed and order-id range, so the result does not depend on the order they finish in.
     */
    public List<GeneratedPartition> write(Path root, long targetBytes) {
        double weightSum = 0;
        for (int rank = 0; rank < COUNTRIES.size(); rank++) {
            weightSum += 1.0 / (rank + 1);
        }
        long totalRows = Math.max(COUNTRIES.size() * days, (long) (targetBytes / BYTES_PER_ROW));
        List<Callable<GeneratedPartition>> tasks = new ArrayList<>();
        long orderId = 0;
        for (int rank = 0; rank < COUNTRIES.size(); rank++) {
            String country = COUNTRIES.get(rank);
            long countryRows = Math.max(days, Math.round(totalRows * (1.0 / (rank + 1)) / weightSum));
            for (int d = 0; d < days; d++) {
                LocalDate dt = firstDay.plusDays(d);
                long rows = countryRows / days + (d < countryRows % days ? 1 : 0);
                String path = "country=" + country + "/dt=" + dt;
                long firstOrderId = orderId;
                tasks.add(() -> new GeneratedPartition(country, dt, path,
                        writePartition(root.resolve(path), country, dt, rows, firstOrderId), rows));
                orderId += rows;
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
        try {
            List<GeneratedPartition> out = new ArrayList<>();
            for (Future<GeneratedPartition> f : pool.invokeAll(tasks)) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing sample data", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private List<Path> writePartition(Path dir, String country, LocalDate dt, long rows, long firstOrderId) {
        Random random = new Random(seed * 31 + country.hashCode() * 17L + dt.toEpochDay());
        List<Path> files = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            long written = 0;
            int part = 0;
            do {
                Path file = dir.resolve(String.format("part-%05d.parquet", part++));
                long n = Math.min(MAX_ROWS_PER_FILE, rows - written);
                writeFile(file, random, country, dt, firstOrderId + written, n);
                files.add(file);
                written += n;
            } while (written < rows);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write sample data under " + dir, e);
        }
        return files;
    }

    private static void writeFile(Path file, Random random, String country, LocalDate dt, long firstOrderId, long rows)
            throws IOException {
        GenericData model = new GenericData();
        model.addLogicalTypeConversion(new Conversions.DecimalConversion());
        model.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
        long dayStart = dt.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        String currency = CURRENCIES[Math.floorMod(country.hashCode(), CURRENCIES.length)];
        Files.deleteIfExists(file);
        try (ParquetWriter<GenericRecord> writer = AvroParquetWriter.<GenericRecord>builder(new LocalOutputFile(file))
                .withConf(new PlainParquetConfiguration())
                .withSchema(SalesSchema.SALE)
                .withDataModel(model)
                .withCompressionCodec(CompressionCodecName.ZSTD)
                .build()) {
            GenericData.Record r = new GenericData.Record(SalesSchema.SALE);
            for (long i = 0; i < rows; i++) {
                int product = random.nextInt(PRODUCTS.length);
                int quantity = 1 + random.nextInt(9);
                BigDecimal unitPrice = BigDecimal.valueOf(500 + product * 250 + random.nextInt(200), 2);
                BigDecimal amount = unitPrice.multiply(BigDecimal.valueOf(quantity));
                String discount = null;
                if (random.nextInt(10) == 0) {
                    discount = "SAVE" + (5 + 5 * random.nextInt(3));
                    amount = amount.multiply(BigDecimal.valueOf(90, 2));
                }
                r.put("order_id", firstOrderId + i);
                r.put("ordered_at", Instant.ofEpochMilli(dayStart + random.nextInt(86_400_000)));
                r.put("customer_id", (long) random.nextInt(1_000_000));
                r.put("product", PRODUCTS[product]);
                r.put("quantity", quantity);
                r.put("unit_price", unitPrice);
                r.put("amount", amount.setScale(2, RoundingMode.HALF_EVEN));
                r.put("currency", currency);
                r.put("discount_code", discount);
                writer.write(r);
            }
        }
    }
}
