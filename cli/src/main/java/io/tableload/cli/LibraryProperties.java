package io.tableload.cli;

import java.lang.reflect.Modifier;
import java.nio.channels.spi.SelectorProvider;
import java.util.Locale;

/**
 * The system properties the command sets before anything else runs, each unless already set:
 * they tell picocli, SLF4J and the JDK what the command would otherwise have them search for at
 * every start (bench/README.md, "Start-up", has the figures).
 */
final class LibraryProperties {
    static final String SELECTOR_PROVIDER = "java.nio.channels.spi.SelectorProvider";

    private LibraryProperties() {}

    static void set() {
        // Picocli otherwise looks for Groovy's closure class when it starts, and that failing
        // class lookup costs every run about 20 ms of CPU.
        setUnlessSet("picocli.disable.closures", "true");
        // SLF4J binds to logback through the command's own provider instead of searching the
        // class path for one; its note that it did so is for debugging, not for every run.
        setUnlessSet("slf4j.provider", CommandLogging.class.getName());
        setUnlessSet("slf4j.internal.verbosity", "WARN");
        nameTheJdksSelectorProvider();
    }

    /**
     * Names the JDK's own selector provider, which every socket channel asks for first. Unnamed,
     * the JDK searches the class path for a provider's service file before it settles on its own,
     * and that opens the jar's index of 37,000 entries, about 30 ms before the first request
     * (the class-data archive spares every other reason to open it). Only a class the JDK
     * itself can create is named; on other platforms or JDKs the search stays.
     */
    private static void nameTheJdksSelectorProvider() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String provider = os.contains("linux") ? "sun.nio.ch.EPollSelectorProvider"
                : os.contains("mac") ? "sun.nio.ch.KQueueSelectorProvider" : null;
        if (provider == null || System.getProperty(SELECTOR_PROVIDER) != null) {
            return;
        }
        try {
            Class<?> type = Class.forName(provider, false, null);
            if (SelectorProvider.class.isAssignableFrom(type) && Modifier.isPublic(type.getModifiers())
                    && Modifier.isPublic(type.getConstructor().getModifiers())) {
                System.setProperty(SELECTOR_PROVIDER, provider);
            }
        } catch (ReflectiveOperationException | LinkageError e) {
            // not this JDK's provider: the JDK finds its own, a little later
        }
    }

    private static void setUnlessSet(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }
}
