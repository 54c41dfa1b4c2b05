package io.tableload.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.tableload.sandbox.s3.S3Server;
import io.tableload.sandbox.s3.S3ServerExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(S3ServerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3SessionListTest {
    private static final int MANY = 2500;
    private S3Server server;
    private S3Url root;

    @BeforeAll
    void fill(S3Server server) {
        this.server = server;
        this.root = S3Url.parse("s3://" + server.createUniqueBucket("list") + "/root");
        try (S3Session s3 = S3Session.open(Sessions.settings(server).withMaxConcurrency(16), root, Destination.memory())) {
            List<PutRequest> puts = new ArrayList<>();
            IntStream.range(0, MANY).forEach(i ->
                    puts.add(PutRequest.ofString(String.format("many/k%05d", i), "v" + i, PutOptions.defaults())));
            puts.add(PutRequest.ofString("tree/top.txt", "top", PutOptions.defaults()));
            puts.add(PutRequest.ofString("tree/sub/a.txt", "a", PutOptions.defaults()));
            puts.add(PutRequest.ofString("tree/sub/deeper/b.txt", "b", PutOptions.defaults()));
            puts.add(PutRequest.ofString("tree/other/c.txt", "c", PutOptions.defaults()));
            puts.add(PutRequest.ofString("treehouse/not-under-tree.txt", "x", PutOptions.defaults()));
            // Folder markers, as consoles make them for "folders": empty objects named like a prefix.
            puts.add(PutRequest.ofString("marked/", "", PutOptions.defaults()));
            puts.add(PutRequest.ofString("marked/sub/", "", PutOptions.defaults()));
            puts.add(PutRequest.ofString("marked/sub/x.txt", "x", PutOptions.defaults()));
            assertThat(s3.putMany(puts).allSucceeded()).isTrue();
        }
    }

    @Test
    void listRecursiveFollowsPagesPast1000KeysInKeyOrder() {
        try (S3Session s3 = S3Session.open(Sessions.settings(server), root, Destination.memory())) {
            List<ListEntry> entries = s3.listRecursive(List.of("many"));
            assertThat(entries).hasSize(MANY);
            assertThat(entries).extracting(ListEntry::key)
                    .containsExactlyElementsOf(IntStream.range(0, MANY).mapToObj(i -> String.format("many/k%05d", i)).toList());
            assertThat(entries).allSatisfy(e -> {
                assertThat(e.isPrefix()).isFalse();
                assertThat(e.size()).isBetween(2L, 5L);
                assertThat(e.etag()).isPresent();
            });
        }
    }

    @Test
    void listPathsGivesOneLevelWithPrefixesMarked() {
        try (S3Session s3 = S3Session.open(Sessions.settings(server), root, Destination.memory())) {
            List<ListEntry> entries = s3.listPaths(List.of("tree"));
            assertThat(entries).extracting(ListEntry::key, ListEntry::isPrefix).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("tree/other/", true),
                    org.assertj.core.groups.Tuple.tuple("tree/sub/", true),
                    org.assertj.core.groups.Tuple.tuple("tree/top.txt", false));
        }
    }

    @Test
    void listingsOfSeveralPrefixesComeInRequestOrder() {
        try (S3Session s3 = S3Session.open(Sessions.settings(server), root, Destination.memory())) {
            List<ListEntry> entries = s3.listRecursive(List.of("tree/sub", "tree/other"));
            assertThat(entries).extracting(ListEntry::key)
                    .containsExactly("tree/sub/a.txt", "tree/sub/deeper/b.txt", "tree/other/c.txt");
        }
    }

    @Test
    void getRecursiveAndGetAllDownloadEverythingUnderThePrefix() {
        try (S3Session s3 = S3Session.open(Sessions.settings(server), root, Destination.temporary())) {
            List<S3Object> tree = s3.getRecursive(List.of("tree"));
            assertThat(tree).extracting(S3Object::key)
                    .containsExactly("tree/other/c.txt", "tree/sub/a.txt", "tree/sub/deeper/b.txt", "tree/top.txt");
            assertThat(tree).extracting(S3Object::text).containsExactly("c", "a", "b", "top");
            assertThat(s3.getAll()).hasSize(MANY + 5 + 1); // the markers left out
        }
    }

    @Test
    void getRecursiveLeavesOutFolderMarkersThatListingsShow() {
        try (S3Session s3 = S3Session.open(Sessions.settings(server), root, Destination.temporary())) {
            assertThat(s3.listRecursive(List.of("marked"))).extracting(ListEntry::key, ListEntry::isFolderMarker)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("marked/", true),
                            org.assertj.core.groups.Tuple.tuple("marked/sub/", true),
                            org.assertj.core.groups.Tuple.tuple("marked/sub/x.txt", false));

            assertThat(s3.getRecursive(List.of("marked"))).extracting(S3Object::key).containsExactly("marked/sub/x.txt");
            assertThat(s3.getAll()).extracting(S3Object::key).noneMatch(k -> k.endsWith("/"));
        }
    }

    @Test
    void listingWithoutARootUsesFullUrls() {
        try (S3Session s3 = S3Session.open(Sessions.settings(server), Destination.memory())) {
            List<ListEntry> entries = s3.listRecursive(List.of(root.resolve("tree/sub").toString()));
            assertThat(entries).extracting(e -> e.url().toString())
                    .containsExactly(root + "/tree/sub/a.txt", root + "/tree/sub/deeper/b.txt");
        }
    }
}
