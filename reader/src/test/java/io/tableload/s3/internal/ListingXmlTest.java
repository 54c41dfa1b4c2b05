package io.tableload.s3.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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

    @Test
    void keysEscapedAsXmlComeBackAsWritten() throws Exception {
        java.util.Random random = new java.util.Random(7);
        String alphabet = "ab/ &<>\"'+%;#=?ü日\uD83D\uDE00";
        List<String> keys = new ArrayList<>();
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListBucketResult>");
        for (int i = 0; i < 500; i++) {
            StringBuilder key = new StringBuilder("k" + i);
            for (int j = random.nextInt(12); j > 0; j--) {
                int at = random.nextInt(alphabet.length() - 1);
                key.append(Character.isHighSurrogate(alphabet.charAt(at)) ? alphabet.substring(at, at + 2)
                        : Character.isLowSurrogate(alphabet.charAt(at)) ? "x" : String.valueOf(alphabet.charAt(at)));
            }
            keys.add(key.toString());
            String escaped = key.toString().replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                    .replace("\"", "&quot;").replace("'", "&#39;");
            xml.append("\n  <Contents><Key>").append(escaped).append("</Key><Size>").append(i).append("</Size></Contents>");
        }
        xml.append("\n  <IsTruncated>false</IsTruncated>\n</ListBucketResult>\n");

        Lister.Page page = parse(xml.toString());

        assertThat(page.objects()).extracting(Lister.Item::key).containsExactlyElementsOf(keys);
        assertThat(page.objects()).extracting(Lister.Item::size).startsWith(0L, 1L, 2L).endsWith(499L);
    }
}
