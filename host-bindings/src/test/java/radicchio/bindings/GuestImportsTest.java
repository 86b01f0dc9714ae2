package radicchio.bindings;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Import;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The guest may import only the documented host functions (wasm-guest/README.md, "Imports"). */
class GuestImportsTest {
    @Test
    void committedModuleImportsOnlyTheDocumentedFunctions() throws IOException {
        WasmModule module;
        try (InputStream in = getClass().getResourceAsStream("/radicchio/guest/radicchio-guest.wasm")) {
            module = Parser.parse(in);
        }
        List<String> imports = new ArrayList<>();
        for (int i = 0; i < module.importSection().importCount(); i++) {
            Import imp = module.importSection().getImport(i);
            imports.add(imp.module() + "." + imp.name());
        }
        assertEquals(new TreeSet<>(GuestImports.NAMES), new TreeSet<>(imports),
                "the guest's import section changed; update README and GuestImports together");
        assertEquals(GuestImports.NAMES.size(), imports.size(), "no import appears twice");
    }
}
