/// What a file of a source tree is, from its path (and, for the binary check, its bytes): the categories drift is
/// counted in.
public enum FileCategory {
    public static let generated = "generated"
    public static let m4 = "m4"
    public static let documentation = "documentation"
    public static let translation = "translation"
    public static let source = "source"
    public static let testData = "test-data"
    public static let binary = "binary"
    public static let other = "other"

    /// Files autotools, gettext, libtool and friends write into a release tarball, by base name.
    static let generatedNames: Set<String> = [
        "configure", "Makefile.in", "aclocal.m4", "config.guess", "config.sub", "ltmain.sh", "install-sh", "depcomp",
        "missing", "compile", "test-driver", "ar-lib", "mkinstalldirs", "ylwrap", "config.rpath", "config.h.in",
        "ABOUT-NLS", "INSTALL", "Makefile.in.in", "Rules-quot", "quot.sed", "boldquot.sed", "insert-header.sin",
        "remove-potcdate.sin", "remove-potcdate.sed", "en@quot.header", "en@boldquot.header", "stamp-po",
        "stamp-h.in", "texinfo.tex", "mdate-sh", "py-compile", "tap-driver.sh", "gitlog-to-changelog",
        "config.h.in~", "configure~", "compile~",
    ]

    /// Directories whose non-code files are test data.
    static let testDirectories: Set<String> = [
        "test", "tests", "testdata", "test-data", "testsuite", "testsuites", "t", "testing", "fixtures", "testfiles",
        "test-files",
    ]

    /// Extensions of code, build descriptions and templates.
    static let sourceExtensions: Set<String> = [
        "c", "h", "cc", "cpp", "cxx", "hh", "hpp", "hxx", "m", "mm", "s", "asm", "sh", "bash", "py", "pl", "pm", "rb",
        "go", "rs", "java", "kt", "js", "ts", "lua", "swift", "cmake", "am", "ac", "in", "mk", "make", "def", "sym",
        "map", "rc", "y", "l", "awk", "sed", "spec", "ps1", "bat", "cmd", "vcxproj", "sln", "mak", "inc", "php",
        "tcl", "el", "scm", "cs", "fs", "vala", "pyx", "pxd", "d", "build", "ninja", "bzl", "gradle", "xs",
    ]

    static let sourceNames: Set<String> = [
        "Makefile", "GNUmakefile", "makefile", "CMakeLists.txt", "meson.build", "meson_options.txt", "meson.options",
        "configure.ac", "configure.in", "Kconfig", "SConstruct", "SConscript", "Doxyfile", "rules", "autogen.sh",
        "bootstrap", "BUILD", "WORKSPACE", "Cargo.toml", "setup.py", "pyproject.toml",
    ]

    static let documentationExtensions: Set<String> = [
        "md", "rst", "txt", "html", "htm", "texi", "texinfo", "info", "pdf", "tex", "adoc", "asciidoc", "pod",
        "1", "2", "3", "4", "5", "6", "7", "8", "9", "man", "xml", "docbook", "css", "svg", "png", "jpg", "gif",
    ]

    static let documentationNames: Set<String> = [
        "README", "NEWS", "ChangeLog", "AUTHORS", "THANKS", "TODO", "COPYING", "LICENSE", "LICENCE", "HACKING",
        "CONTRIBUTING", "NOTICE", "PACKAGERS", "BUGS", "FAQ", "MAINTAINERS", "CHANGES", "HISTORY",
    ]

    /// The category a path suggests before its bytes are known (`binary` needs the bytes: see `of(path:bytes:)`).
    public static func of(path: String) -> String {
        let components = path.split(separator: "/").map(String.init)
        guard let name = components.last else { return other }
        let ext = name.split(separator: ".").count > 1 ? String(name.split(separator: ".").last!).lowercased() : ""
        let directories = components.dropLast()
        if generatedNames.contains(name) || ext == "gmo" || (ext == "pot" && directories.last == "po")
            || (ext == "sed" && directories.last == "po") || (ext == "sin" && directories.last == "po")
        {
            return generated
        }
        if ext == "m4" { return m4 }
        if ext == "po" || ext == "pot" { return translation }
        let underTests = directories.contains { testDirectories.contains($0.lowercased()) }
        let isCode = sourceExtensions.contains(ext) || sourceNames.contains(name) || name.hasPrefix("Makefile")
        if underTests {
            if isCode { return source }
            if documentationNames.contains(baseName(name)) { return documentation }
            return testData
        }
        if directories.first == "doc" || directories.first == "docs" || directories.first == "man"
            || directories.first == "po4a" || documentationNames.contains(baseName(name))
            || documentationExtensions.contains(ext)
        {
            return documentation
        }
        if isCode || directories.last == "debian" && name == "rules" { return source }
        if ext.isEmpty, directories.last == "bin" || directories.last == "scripts" || directories.last == "build-aux" {
            return source
        }
        return other
    }

    /// The category of a file with its bytes: a file of no particular category whose bytes are not text is `binary`.
    public static func of(path: String, bytes: [UInt8]?) -> String {
        let category = of(path: path)
        if category == other, let bytes, ContentStatistics.isBinary(bytes) { return binary }
        return category
    }

    /// `README.md` → `README`, `COPYING.GPLv2` → `COPYING`.
    static func baseName(_ name: String) -> String {
        String(name.split(separator: ".", maxSplits: 1).first ?? Substring(name))
    }

    /// Whether the file is part of the build system (what indicators are looked for in).
    public static func isBuildSystem(path: String) -> Bool {
        let components = path.split(separator: "/").map(String.init)
        guard let name = components.last else { return false }
        let ext = name.split(separator: ".").count > 1 ? String(name.split(separator: ".").last!) : ""
        if [
            "configure", "configure.ac", "configure.in", "Makefile.am", "Makefile.in", "Makefile", "GNUmakefile",
            "CMakeLists.txt", "meson.build", "meson_options.txt", "meson.options", "aclocal.m4",
        ].contains(name) {
            return true
        }
        if ["m4", "cmake", "mk", "am", "spec"].contains(ext) { return true }
        // The scripts a build runs that a release tarball carries ready-made (libtool's `ltmain.sh`, `config.guess`,
        // `install-sh`, …), everything under `build-aux/`, and the bootstrap scripts: a payload runs as well from
        // there as from `configure`.
        if buildScriptNames.contains(name) || components.dropLast().contains("build-aux") { return true }
        return name == "rules" && components.dropLast().last == "debian"
    }

    /// Scripts autotools, libtool and gettext copy into a tree, and the usual bootstrap scripts, by base name.
    static let buildScriptNames: Set<String> = [
        "ltmain.sh", "config.guess", "config.sub", "install-sh", "depcomp", "missing", "compile", "test-driver",
        "ar-lib", "mkinstalldirs", "ylwrap", "config.rpath", "mdate-sh", "py-compile", "tap-driver.sh",
        "Makefile.in.in", "autogen.sh", "bootstrap",
    ]

    /// Whether the file is a test script or test build file (what may name test data files).
    public static func isTestCode(path: String) -> Bool {
        let components = path.split(separator: "/").map(String.init)
        return components.dropLast().contains { testDirectories.contains($0.lowercased()) } && of(path: path) == source
    }
}
