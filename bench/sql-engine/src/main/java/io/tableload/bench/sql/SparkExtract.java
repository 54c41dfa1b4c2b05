package io.tableload.bench.sql;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Runs SQL queries through Spark SQL (local mode, Hive support) against a Hive Metastore and an
 * S3-compatible endpoint, and writes each result as Parquet files into a local directory: the
 * path tableload replaces. See README.md beside the pom.
 *
 * <pre>
 * SparkExtract --metastore thrift://H:P --endpoint http://H:P [--region R] [--master local[*]]
 *              [--conf k=v ...] --out DIR (--sql Q ... | --sql-file F) [--concurrent]
 * </pre>
 *
 * One query: its result goes to DIR. With --concurrent, every query runs at once in the one
 * session, a thread each, the n-th (from 1) into DIR/n. Without it, several queries run one after
 * the other, also into DIR/n. Credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY.
 */
public final class SparkExtract {

  private SparkExtract() {}

  public static void main(String[] args) throws Exception {
    String metastore = null;
    String endpoint = null;
    String region = "us-east-1";
    String master = "local[*]";
    String out = null;
    boolean concurrent = false;
    List<String> queries = new ArrayList<>();
    List<String[]> extraConf = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--metastore" -> metastore = value(args, ++i, a);
        case "--endpoint" -> endpoint = value(args, ++i, a);
        case "--region" -> region = value(args, ++i, a);
        case "--master" -> master = value(args, ++i, a);
        case "--out" -> out = value(args, ++i, a);
        case "--sql" -> queries.add(value(args, ++i, a));
        case "--sql-file" -> {
          for (String line : Files.readAllLines(Path.of(value(args, ++i, a)))) {
            String q = line.strip();
            if (!q.isEmpty() && !q.startsWith("#") && !q.startsWith("--")) {
              queries.add(q.endsWith(";") ? q.substring(0, q.length() - 1) : q);
            }
          }
        }
        case "--concurrent" -> concurrent = true;
        case "--conf" -> {
          String kv = value(args, ++i, a);
          int eq = kv.indexOf('=');
          if (eq <= 0) {
            usage("--conf takes key=value, not " + kv);
          }
          extraConf.add(new String[] {kv.substring(0, eq), kv.substring(eq + 1)});
        }
        case "-h", "--help" -> {
          usage(null);
        }
        default -> usage("unknown argument: " + a);
      }
    }
    if (metastore == null || endpoint == null || out == null || queries.isEmpty()) {
      usage("--metastore, --endpoint, --out and at least one --sql (or --sql-file) are required");
    }
    String accessKey = System.getenv("AWS_ACCESS_KEY_ID");
    String secretKey = System.getenv("AWS_SECRET_ACCESS_KEY");
    if (accessKey == null || secretKey == null) {
      usage("set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
    }

    long t0 = System.nanoTime();
    SparkSession.Builder builder = SparkSession.builder()
        .appName("tableload-bench-sql-extract")
        .master(master)
        .config("spark.ui.enabled", "false")
        .config("spark.sql.catalogImplementation", "hive")
        // Loopback only.
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        // The metastore over Thrift, no schema checks. The client defaults to Spark's built-in
        // Hive 2.3, which a Hive 4 metastore refuses (it no longer has get_table): the
        // extract wrapper passes --conf for the Hive 4.0.1 client instead (see README.md).
        .config("spark.hadoop.hive.metastore.uris", metastore)
        .config("spark.hadoop.hive.metastore.schema.verification", "false")
        .config("spark.sql.hive.metastore.jars", "builtin")
        // Spark's vectorized Parquet reader fails on dictionary-encoded decimals of precision
        // up to 18 stored as BINARY (what parquet-avro writes): "PlainBinaryDictionary" in
        // Dictionary.decodeToLong. The row-based reader reads them. --conf can turn it back on.
        .config("spark.sql.parquet.enableVectorizedReader", "false")
        // A local, throw-away warehouse and Derby home for anything Spark creates itself.
        .config("spark.sql.warehouse.dir", Path.of(out).toAbsolutePath().resolve("_spark-warehouse").toUri().toString())
        // S3 through S3A: path-style, plain HTTP to the local endpoint, static keys.
        .config("spark.hadoop.fs.s3a.endpoint", endpoint)
        .config("spark.hadoop.fs.s3a.endpoint.region", region)
        .config("spark.hadoop.fs.s3a.path.style.access", "true")
        .config("spark.hadoop.fs.s3a.connection.ssl.enabled", String.valueOf(endpoint.startsWith("https:")))
        .config("spark.hadoop.fs.s3a.aws.credentials.provider",
            "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider")
        .config("spark.hadoop.fs.s3a.access.key", accessKey)
        .config("spark.hadoop.fs.s3a.secret.key", secretKey)
        .config("spark.hadoop.fs.s3a.impl", "org.apache.hadoop.fs.s3a.S3AFileSystem")
        .config("spark.hadoop.fs.s3.impl", "org.apache.hadoop.fs.s3a.S3AFileSystem")
        // Concurrent jobs share the cores fairly rather than first come, first served.
        .config("spark.scheduler.mode", "FAIR");
    for (String[] kv : extraConf) {
      builder.config(kv[0], kv[1]);
    }
    SparkSession spark = builder.enableHiveSupport().getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    double startSeconds = (System.nanoTime() - t0) / 1e9;
    System.err.printf("spark %s session up in %.2f s%n", spark.version(), startSeconds);

    int failures = 0;
    long t1 = System.nanoTime();
    try {
      if (queries.size() == 1 && !concurrent) {
        failures += run(spark, queries.get(0), out, "") ? 0 : 1;
      } else if (!concurrent) {
        for (int n = 0; n < queries.size(); n++) {
          failures += run(spark, queries.get(n), out + "/" + (n + 1), "[" + (n + 1) + "] ") ? 0 : 1;
        }
      } else {
        ExecutorService pool = Executors.newFixedThreadPool(queries.size());
        List<Future<Boolean>> results = new ArrayList<>();
        for (int n = 0; n < queries.size(); n++) {
          String q = queries.get(n);
          String dir = out + "/" + (n + 1);
          String tag = "[" + (n + 1) + "] ";
          results.add(pool.submit(() -> run(spark, q, dir, tag)));
        }
        for (Future<Boolean> f : results) {
          failures += f.get() ? 0 : 1;
        }
        pool.shutdown();
      }
    } finally {
      double total = (System.nanoTime() - t1) / 1e9;
      System.err.printf("%d queries, %d failed, %.2f s for the queries, %.2f s with the session start%n",
          queries.size(), failures, total, (System.nanoTime() - t0) / 1e9);
      spark.stop();
    }
    System.exit(failures == 0 ? 0 : 1);
  }

  /** Runs one query into dir; prints its row count and seconds. Returns false on failure. */
  private static boolean run(SparkSession spark, String sql, String dir, String tag) {
    long t = System.nanoTime();
    try {
      spark.sparkContext().setLocalProperty("spark.scheduler.pool", tag.isEmpty() ? null : tag.strip());
      Dataset<Row> df = spark.sql(sql);
      df.write().mode(SaveMode.Overwrite).parquet(dir);
      double seconds = (System.nanoTime() - t) / 1e9;
      // Count what was written (a cheap footer-only read), not the query a second time.
      long rows = spark.read().parquet(dir).count();
      System.err.printf("%s%d rows in %.2f s -> %s%n", tag, rows, seconds, dir);
      return true;
    } catch (Exception e) {
      System.err.printf("%sfailed after %.2f s: %s%n", tag, (System.nanoTime() - t) / 1e9, e);
      return false;
    }
  }

  private static String value(String[] args, int i, String flag) {
    if (i >= args.length) {
      usage(flag + " needs a value");
    }
    return args[i];
  }

  private static void usage(String error) {
    if (error != null) {
      System.err.println("extract: " + error);
    }
    System.err.println("""
        usage: extract --metastore thrift://HOST:PORT --endpoint http://HOST:PORT --out DIR
                       (--sql QUERY ... | --sql-file FILE) [--concurrent]
                       [--region REGION] [--master local[*]] [--conf key=value ...]
          One --sql: its result is written as Parquet into DIR. Several (or --sql-file, one query
          a line): the n-th into DIR/n, one after another, or all at once with --concurrent
          (a thread per query in one Spark session). Credentials: AWS_ACCESS_KEY_ID and
          AWS_SECRET_ACCESS_KEY. Rows and seconds go to stderr.""");
    System.exit(error == null ? 0 : 2);
  }
}
