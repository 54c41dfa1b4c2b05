package io.tableload.s3.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class XmlElementsTest {
    /** The document as "+name", "-name" and "name=text" for the elements in {@code textElements}. */
    private static List<String> read(String xml, String... textElements) {
        XmlElements r = new XmlElements(xml.getBytes(StandardCharsets.UTF_8));
        List<String> seen = new ArrayList<>();
        for (XmlElements.Event e = r.next(); e != XmlElements.Event.END_OF_DOCUMENT; e = r.next()) {
            if (e == XmlElements.Event.START && List.of(textElements).contains(r.name())) {
                seen.add(r.name() + "=" + r.text());
            } else {
                seen.add((e == XmlElements.Event.START ? "+" : "-") + r.name());
            }
        }
        return seen;
    }

    @Test
    void elementsAndTheirTextComeInDocumentOrder() {
        assertThat(read("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<R xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">\n"
                + "  <C><K>a</K><S>1</S></C>\n  <C><K>b</K><S>2</S></C>\n</R>\n", "K", "S"))
                .containsExactly("+R", "+C", "K=a", "S=1", "-C", "+C", "K=b", "S=2", "-C", "-R");
    }

    @Test
    void predefinedEntitiesCharacterReferencesAndCdataAreResolved() {
        assertThat(read("<R><K>&lt;a&gt; &amp; &quot;b&quot; &apos;c&apos; &#65;&#x42;&#x1F600; <![CDATA[<&x>]]>!</K></R>", "K"))
                .containsExactly("+R", "K=<a> & \"b\" 'c' AB\uD83D\uDE00 <&x>!", "-R");
    }

    @Test
    void commentsAndProcessingInstructionsAreSkippedEvenInsideText() {
        assertThat(read("<!-- before --><R><?pi x?><K>a<!-- c -->b<?pi y?>c</K></R><!-- after -->", "K"))
                .containsExactly("+R", "K=abc", "-R");
    }

    @Test
    void textAndCdataBetweenElementsAreSkipped() {
        assertThat(read("<R>stray <![CDATA[<K>not an element</K>]]><K>a</K></R>", "K"))
                .containsExactly("+R", "K=a", "-R");
    }

    @Test
    void selfClosingElementsHaveEmptyTextAndAnEnd() {
        assertThat(read("<R><P/><K /><Q a=\"x/\"/></R>", "P"))
                .containsExactly("+R", "P=", "+K", "-K", "+Q", "-Q", "-R");
    }

    @Test
    void namespacePrefixesAreDroppedAndAttributesSkippedWhateverTheyHold() {
        assertThat(read("<s3:R xmlns:s3=\"urn:x\" a='1>2' b=\"it's\"><s3:K>v</s3:K></s3:R>", "K"))
                .containsExactly("+R", "K=v", "-R");
    }

    @Test
    void unicodeTextArrivesIntact() {
        assertThat(read("<R><K>dir/ü ö 日本 \uD83D\uDE00</K></R>", "K")).containsExactly("+R", "K=dir/ü ö 日本 \uD83D\uDE00", "-R");
    }

    @Test
    void malformedDocumentsAreRefusedSayingWhatIsWrong() {
        assertThatThrownBy(() -> read("<R><K>a<X>b</X></K></R>", "K")).hasMessageContaining("<K> holds an element");
        assertThatThrownBy(() -> read("<R><K>a</R>", "K")).hasMessageContaining("</R> does not close <K>");
        assertThatThrownBy(() -> read("<R><K>a</K></X>")).hasMessageContaining("</X> does not close <R>");
        assertThatThrownBy(() -> read("<R><K>a</K>")).hasMessageContaining("ends inside <R>");
        assertThatThrownBy(() -> read("<R><K>a", "K")).hasMessageContaining("ends inside <K>");
        assertThatThrownBy(() -> read("<R><K a=\"x")).hasMessageContaining("does not end");
        assertThatThrownBy(() -> read("<R><K>a & b</K></R>", "K")).hasMessageContaining("bare '&'");
        assertThatThrownBy(() -> read("<R><K>&nbsp;</K></R>", "K")).hasMessageContaining("&nbsp;");
        assertThatThrownBy(() -> read("<R><K>&#xZZ;</K></R>", "K")).hasMessageContaining("malformed");
        assertThatThrownBy(() -> read("<R><K>&#x110000;</K></R>", "K")).hasMessageContaining("names no character");
        assertThatThrownBy(() -> read("<R><!-- open</R>")).hasMessageContaining("comment does not end");
        assertThatThrownBy(() -> read("<R><K><![CDATA[open</K></R>", "K")).hasMessageContaining("CDATA section does not end");
        assertThatThrownBy(() -> read("<></>")).hasMessageContaining("no name");
        assertThatThrownBy(() -> read("<R></R x>")).hasMessageContaining("malformed");
    }

    @Test
    void aDocumentTypeDeclarationIsRefusedSoNoEntityCanBeDeclared() {
        assertThatThrownBy(() -> read("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e \"boom\">]><R><K>&e;</K></R>", "K"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("document type declaration");
    }
}
