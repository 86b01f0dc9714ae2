package radicchio.engine.config;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JsSourceScannerTest {
    private static List<String> imports(String source) {
        return JsSourceScanner.scan(source).importSpecifiers().stream().map(JsSourceScanner.Specifier::value).toList();
    }

    @Test
    void findsEveryStaticImportFormReExportsAndLiteralDynamicImports() {
        String source = """
                import a from "./a.js";
                import * as b from './b.js';
                import c, { d as e, f } from "./c.js";
                import {
                  g,
                  h,
                } from "./multi-line.js";
                import "./side-effect.js";
                export * from "./star.js";
                export * as ns from "./star-as.js";
                export { x as y } from "./named.js";
                const lazy = await import("./dynamic.js");
                const computed = await import(name);
                const meta = import.meta.url;
                export { local };
                const notAnImport = "from './not.js'";
                """;
        assertEquals(List.of("./a.js", "./b.js", "./c.js", "./multi-line.js", "./side-effect.js", "./star.js",
                "./star-as.js", "./named.js", "./dynamic.js"), imports(source));
    }

    @Test
    void linesAreThoseOfTheSpecifiers() {
        List<JsSourceScanner.Specifier> specs = JsSourceScanner.scan("/* a\nb */\nimport {\n x\n} from\n './x.js';\n")
                .importSpecifiers();
        assertEquals(List.of(new JsSourceScanner.Specifier("./x.js", 6)), specs);
    }

    @Test
    void commentsStringsTemplatesAndRegexesHideImportLookalikes() {
        String source = """
                // import "./line-comment.js";
                /* import "./block-comment.js"; */
                const s1 = 'import "./single.js"';
                const s2 = "import './double.js'";
                const t = `import "./template.js" ${ `nested ${"import './deep.js'"}` } tail import "./tail.js"`;
                const r = /import "\\.\\/regex.js"/g;
                const division = 4 / 2; import "./after-division.js";
                """;
        assertEquals(List.of("./after-division.js"), imports(source));
    }

    @Test
    void durableObjectClassesAreThoseExportedAndExtendingDurableObject() {
        String source = """
                import { DurableObject, WorkerEntrypoint } from "cloudflare:workers";
                export class A extends DurableObject {}
                class B extends DurableObject {}
                class C extends DurableObject {}
                export { B, C as D };
                export class E extends WorkerEntrypoint {}
                class F {}
                export { F };
                export default class G extends DurableObject {}
                """;
        assertEquals(Set.of("A", "B", "D"), JsSourceScanner.scan(source).exportedDurableObjectClasses());
    }
}
