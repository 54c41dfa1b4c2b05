package io.tableload.s3.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ListingXmlTest {
    private static Lister.Page parse(String xml) throws Exception {
        return ListingXml.parse(xml.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void urlEncodedKeysArriveDecodedAndNestedFieldsAreSkipped() throws Exception {
        Lister.Page page = parse("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                + "<Name>b</Name><Prefix>dir%2F</Prefix><EncodingType>url</EncodingType>"
                + "<IsTruncated>true</IsTruncated><NextContinuationToken>tok+en/=</NextContinuationToken>"
                + "<Contents><Key>dir/a+b%2Bc%20%C3%BC</Key><LastModified>2024-01-02T03:04:05.000Z</LastModified>"
                + "<ETag>&quot;abc&quot;</ETag><Size>42</Size><Owner><ID>x</ID><DisplayName>y</DisplayName></Owner>"
                + "<StorageClass>STANDARD</StorageClass></Contents>"
                + "<CommonPrefixes><Prefix>dir/sub%25/</Prefix></CommonPrefixes>"
                + "</ListBucketResult>");

        assertThat(page.objects()).containsExactly(new Lister.Item("dir/a b+c ü", 42,
                Optional.of(Instant.parse("2024-01-02T03:04:05Z")), Optional.of("\"abc\"")));
        assertThat(page.prefixes()).containsExactly("dir/sub%/");
        assertThat(page.nextToken()).contains("tok+en/=");
    }

    @Test
    void aLastPageHasNoNextToken() throws Exception {
        Lister.Page page = parse("<ListBucketResult><IsTruncated>false</IsTruncated>"
                + "<Contents><Key>k</Key><Size>1</Size></Contents></ListBucketResult>");

        assertThat(page.objects()).extracting(Lister.Item::key).containsExactly("k");
        assertThat(page.nextToken()).isEmpty();
    }

    @Test
    void aListingThatIsNotXmlIsATransientFailure() {
        assertThatThrownBy(() -> parse("<ListBucketResult><Contents><Key>k"))
                .isInstanceOf(TransientException.class)
                .hasMessageContaining("listing");
    }

    @Test
    void aDocumentTypeDeclarationIsRefused() {
        assertThatThrownBy(() -> parse("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                + "<ListBucketResult><Contents><Key>&e;</Key><Size>1</Size></Contents></ListBucketResult>"))
                .isInstanceOf(TransientException.class);
    }
}
