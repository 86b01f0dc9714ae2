package radicchio.engine.config;

import radicchio.engine.AppConfig;

import java.nio.file.Path;
import java.util.List;

/**
 * An app read from disk: its config, the config file it came from (the main module itself for
 * the single-.js shortcut), every file it was built from (what {@code dev} watches), and
 * warnings worth printing (unknown or ignored config fields).
 */
public record LoadedApp(AppConfig config, Path configFile, List<Path> files, List<String> warnings) {
    public LoadedApp {
        files = List.copyOf(files);
        warnings = List.copyOf(warnings);
    }

    /** The folder the config lives in: where {@code .radicchio/} goes by default. */
    public Path configDir() {
        return configFile.getParent();
    }
}
