#!/usr/bin/env python3
"""The Python dataframe clients the compare suite measures against tableload: PyArrow's dataset
reader and Polars' scan_parquet, each reading a Hive-partitioned Parquet table straight from S3.

Neither talks to a Hive Metastore: they are given the table's location and discover its
partitions by listing it, which is how they are used on a data lake without a catalog.

  pyclients.py pyarrow|polars --table s3://BUCKET/PREFIX --partition KEY=VALUE[,KEY=VALUE]...
               [--partition ...] [--where COLUMN=VALUE] [--output FILE.parquet]

Repeated --partition specs are ORed, the KEY=VALUE pairs of one spec ANDed (string equality,
as the partition values are strings here). Without --output the rows are loaded into memory
(`to_table()` / `collect()`); with it they are written to a local Parquet file. Prints the row
count. Endpoint, region and credentials come from AWS_ENDPOINT_URL_S3, AWS_REGION,
AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; the endpoint is addressed path-style.
"""
import argparse
import os
import sys
from functools import reduce
from urllib.parse import urlparse


def parse_specs(specs):
    """[[(key, value), ...], ...]: one list of ANDed pairs per --partition, the lists ORed."""
    parsed = []
    for spec in specs:
        pairs = []
        for term in spec.split(","):
            key, sep, value = term.partition("=")
            if not sep:
                sys.exit(f"pyclients: --partition takes KEY=VALUE[,KEY=VALUE], got {spec!r}")
            pairs.append((key.strip(), value.strip()))
        parsed.append(pairs)
    return parsed


def settings():
    endpoint = os.environ["AWS_ENDPOINT_URL_S3"]
    return dict(endpoint=endpoint, region=os.environ.get("AWS_REGION", "us-east-1"),
                key=os.environ["AWS_ACCESS_KEY_ID"], secret=os.environ["AWS_SECRET_ACCESS_KEY"])


def with_pyarrow(table, specs, where, output):
    import pyarrow.dataset as ds
    import pyarrow.fs as pafs
    import pyarrow.parquet as pq

    s = settings()
    url = urlparse(s["endpoint"])
    fs = pafs.S3FileSystem(access_key=s["key"], secret_key=s["secret"], region=s["region"],
                           endpoint_override=url.netloc, scheme=url.scheme, force_virtual_addressing=False)
    # Hive partitioning with every key read as a string, as the specs compare strings.
    dataset = ds.dataset(table.removeprefix("s3://"), filesystem=fs, format="parquet",
                         partitioning=ds.HivePartitioning.discover(infer_dictionary=False, schema=None),
                         exclude_invalid_files=False)
    ors = [reduce(lambda a, b: a & b, [ds.field(k) == cast(dataset, k, v) for k, v in pairs]) for pairs in specs]
    condition = reduce(lambda a, b: a | b, ors)
    if where:
        column, value = where
        condition = condition & (ds.field(column) == value)
    result = dataset.to_table(filter=condition)
    if output:
        pq.write_table(result, output)
    return result.num_rows


def cast(dataset, key, value):
    """Partition values compared in the type PyArrow inferred for the key (int for numbers)."""
    field = dataset.schema.field(key)
    import pyarrow as pa
    if pa.types.is_integer(field.type):
        return int(value)
    return value


def with_polars(table, specs, where, output):
    import polars as pl

    s = settings()
    options = {"aws_endpoint_url": s["endpoint"], "aws_region": s["region"], "aws_access_key_id": s["key"],
               "aws_secret_access_key": s["secret"], "aws_allow_http": "true",
               "aws_virtual_hosted_style_request": "false"}
    frame = pl.scan_parquet(table.rstrip("/") + "/**/*.parquet", hive_partitioning=True,
                            try_parse_hive_dates=False, storage_options=options)
    ors = [reduce(lambda a, b: a & b, [pl.col(k).cast(pl.String) == v for k, v in pairs]) for pairs in specs]
    condition = reduce(lambda a, b: a | b, ors)
    if where:
        column, value = where
        condition = condition & (pl.col(column) == value)
    frame = frame.filter(condition)
    if output:
        frame.sink_parquet(output)
        return pl.scan_parquet(output).select(pl.len()).collect().item()
    return frame.collect().height


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("client", choices=["pyarrow", "polars"])
    ap.add_argument("--table", required=True, help="s3://BUCKET/PREFIX of the table")
    ap.add_argument("--partition", action="append", required=True)
    ap.add_argument("--where", help="COLUMN=VALUE, a string equality on a data column")
    ap.add_argument("--output")
    a = ap.parse_args()
    where = tuple(a.where.split("=", 1)) if a.where else None
    run = with_pyarrow if a.client == "pyarrow" else with_polars
    rows = run(a.table, parse_specs(a.partition), where, a.output)
    print(rows)


if __name__ == "__main__":
    main()
