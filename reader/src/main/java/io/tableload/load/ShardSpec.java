package io.tableload.load;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;

/**
 * One shard of a load split {@code count} ways: {@code --shard I/N}, with {@code index} counted
 * from 0 as orchestrators number their workers (a Kubernetes indexed Job's
 * {@code JOB_COMPLETION_INDEX}, an AWS Batch array job's {@code AWS_BATCH_JOB_ARRAY_INDEX}).
 */
public record ShardSpec(int index, int count) {
    public ShardSpec {
        if (count < 1) {
            throw new TableloadException(ErrorCode.USAGE, "shard count must be 1 or more, not " + count);
        }
        if (index < 0 || index >= count) {
            throw new TableloadException(ErrorCode.USAGE, "shard index " + index + " is outside 0.."
                    + (count - 1) + " (shards are numbered from 0)");
        }
    }

    /** Parses {@code I/N}, such as {@code 0/4}. */
    public static ShardSpec parse(String text) {
        int slash = text.indexOf('/');
        try {
            if (slash > 0) {
                return new ShardSpec(Integer.parseInt(text.substring(0, slash).trim()),
                        Integer.parseInt(text.substring(slash + 1).trim()));
            }
        } catch (NumberFormatException e) {
            // reported below with the expected form
        }
        throw new TableloadException(ErrorCode.USAGE, "--shard '" + text
                + "' is not of the form I/N with whole numbers, such as 0/4 (the first of four shards)");
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
