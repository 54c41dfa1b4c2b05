package io.tableload.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LocationsAndFormatsTest {

    @Test
    void s3aAndS3nBecomeS3() {
        assertThat(Locations.normalize("s3a://bucket/t/")).isEqualTo("s3://bucket/t");
        assertThat(Locations.normalize("s3n://bucket/t")).isEqualTo("s3://bucket/t");
        assertThat(Locations.normalize("S3A://bucket/t")).isEqualTo("s3://bucket/t");
        assertThat(Locations.normalize("s3://bucket")).isEqualTo("s3://bucket");
    }

    @Test
    void localPathsStayLocalInTheMetastoreSpelling() {
        assertThat(Locations.normalize("file:///tmp/t")).isEqualTo("file:/tmp/t");
        assertThat(Locations.normalize("file:/tmp/t/")).isEqualTo("file:/tmp/t");
        assertThat(Locations.normalize("hdfs://nn:8020/w/t")).isEqualTo("hdfs://nn:8020/w/t");
        assertThat(Locations.normalize(null)).isNull();
    }

    @Test
    void whitespaceAtEitherEndIsPartOfTheLocation() {
        assertThat(Locations.normalize("s3a://bucket/t/city=Paris ")).isEqualTo("s3://bucket/t/city=Paris ");
        assertThat(Locations.normalize("s3://bucket/t/city= /")).isEqualTo("s3://bucket/t/city= ");
    }

    @Test
    void formatComesFromSerdeAndInputFormat() {
        assertThat(StorageFormat.of("org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe", null))
                .isEqualTo(StorageFormat.PARQUET);
        assertThat(StorageFormat.of("org.apache.hadoop.hive.ql.io.orc.OrcSerde", "org.apache.hadoop.hive.ql.io.orc.OrcInputFormat"))
                .isEqualTo(StorageFormat.ORC);
        assertThat(StorageFormat.of("org.apache.hadoop.hive.serde2.avro.AvroSerDe", null)).isEqualTo(StorageFormat.AVRO);
        assertThat(StorageFormat.of("org.apache.hive.hcatalog.data.JsonSerDe", "org.apache.hadoop.mapred.TextInputFormat"))
                .isEqualTo(StorageFormat.JSON);
        assertThat(StorageFormat.of("org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe", "org.apache.hadoop.mapred.TextInputFormat"))
                .isEqualTo(StorageFormat.TEXT);
        assertThat(StorageFormat.of("org.apache.hadoop.hive.serde2.OpenCSVSerde", null)).isEqualTo(StorageFormat.TEXT);
        assertThat(StorageFormat.of("com.example.MySerDe", "com.example.MyInputFormat")).isEqualTo(StorageFormat.OTHER);
        assertThat(StorageFormat.of(null, null)).isEqualTo(StorageFormat.OTHER);
    }
}
