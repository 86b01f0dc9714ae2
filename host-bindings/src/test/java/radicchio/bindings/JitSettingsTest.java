package radicchio.bindings;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class JitSettingsTest {
    /** The parent pom gives surefire the project's JVM flags; they must be the ones JitSettings asks for. */
    @Test
    void theTestJvmRunsWithEveryFlagCompiledQuickJsNeeds() {
        assertEquals(List.of(), JitSettings.missingFlags());
    }
}
