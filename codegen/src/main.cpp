// `ucom-idl`: the IDL compiler's command line. Parses options and compiles each file.
#include <cstdint>
#include <exception>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include "driver.hpp"

namespace {

constexpr int exit_ok = 0;
constexpr int exit_input_error = 1;
constexpr int exit_usage = 2;

std::pair<std::string, std::string> split_define(const std::string &text)
{
    auto eq = text.find('=');
    if (eq == std::string::npos) {
        return {text, "1"};
    }
    return {text.substr(0, eq), text.substr(eq + 1)};
}

// The preprocessor's limits (docs/idl.md, "Limits"): the defaults fit every real IDL file
// measured; these raise them for a bigger one, or lower them for input that is not trusted.
void add_limit_options(CLI::App &app, ucom::idl::preprocessor_limits &limits)
{
    const auto add = [&](const char *name, auto &value, const char *what, std::uint64_t most = UINT64_MAX) {
        app.add_option(name, value, what)
            ->capture_default_str()
            ->check(CLI::Range(std::uint64_t{1}, most))
            ->type_name("N")
            ->group("Limits");
    };
    add("--max-include-depth", limits.include_depth, "Files open at once through #include");
    add("--max-expression-depth", limits.expression_depth, "Nesting of an #if expression");
    add("--max-macro-nesting", limits.macro_nesting, "Macro invocations nested in macro arguments");
    add("--max-expansions", limits.expansions, "Macro expansions in one file, its #includes included");
    add("--max-output-floor", limits.output_floor, "Bytes of preprocessed output any file may make");
    add("--max-output-ratio", limits.output_per_source_byte,
        "Bytes of preprocessed output a file may make per source byte read, when more than the floor");
    add("--max-file-size", limits.file_size, "Bytes of the largest source file read",
        ucom::idl::source_file_size_ceiling);
}

int run(int argc, char **argv)
{
    CLI::App app{"ucom-idl: compiles MIDL interface definitions into C/C++ headers, implementation glue and a JSON "
                 "description",
                 "ucom-idl"};
    app.set_version_flag("--version", "ucom-idl " UCOM_VERSION);
    app.footer("Outputs for FILE.idl: FILE.h (header), FILE_impl.hpp (impl), FILE_client.hpp (client),\n"
               "FILE.json (json), FILE_descriptor.c (descriptor: the module descriptor of its coclasses),\n"
               "FILE_uses.c (uses: the record of its interfaces for the modules that call them),\n"
               "FILE.api.json (api: the API snapshot that --check-compat compares),\n"
               "FILE.rs (rust: the Rust projection), FILE_descriptor.rs (rust-descriptor: the module descriptor\n"
               "of its coclasses for a Rust plugin), FILE_uses.rs (rust-uses: the uses record for Rust modules).\n"
               "Exit codes: 0 success, 1 errors in the input, 2 usage error.");

    std::vector<std::string> inputs;
    std::vector<std::string> include_dirs;
    std::vector<std::string> defines;
    std::vector<std::string> emits;
    std::string output_dir = ".";
    std::string depfile;
    app.add_option("files", inputs, "IDL files to compile")->type_name("FILE.idl");
    bool dump = false;
    std::vector<std::string> compat;
    app.add_flag("--dump-api", dump, "Print the API snapshot of one FILE (docs/idl.md, \"Interface evolution\")");
    app.add_option("--check-compat", compat, "Report every incompatible change from OLD to NEW (IDL files or snapshots)")
        ->expected(2)
        ->type_name("OLD NEW");
    // One value per -I and -D, as a C compiler takes them, so that what follows is an input.
    app.add_option("-I,--include-dir", include_dirs, "Search DIR for #include and import (after the file's folder)")
        ->type_name("DIR")
        ->allow_extra_args(false);
    app.add_option("-D,--define", defines, "Define a preprocessor macro (VALUE defaults to 1)")
        ->type_name("NAME[=VALUE]")
        ->allow_extra_args(false);
    app.add_option("-o,--output-dir", output_dir, "Folder for the outputs (created if missing)")->type_name("DIR");
    // One kind per --emit, so that `--emit json FILE.idl` leaves FILE.idl an input.
    app.add_option("--emit", emits, "What to write; repeatable (default: header, impl and client)")
        ->allow_extra_args(false)
        ->check(CLI::IsMember({"header", "impl", "client", "json", "descriptor", "uses", "api", "rust", "rust-descriptor",
                                                "rust-uses"}))
        ->type_name("header|impl|client|json|descriptor|uses|api|rust|rust-descriptor|rust-uses");
    app.add_option("--depfile", depfile, "Write the files the first output depends on, in Makefile syntax (one input)")
        ->type_name("FILE");

    ucom::idl::preprocessor_limits limits;
    add_limit_options(app, limits);

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp &e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion &e) {
        return app.exit(e);
    } catch (const CLI::ParseError &e) {
        app.exit(e);
        return exit_usage;
    }
    if (compat.empty() && (dump ? inputs.size() != 1 : inputs.empty())) {
        fmt::print(stderr, "ucom-idl: error: {}\n", dump ? "--dump-api needs exactly one input file"
                                                         : "no input files (ucom-idl --help lists the options)");
        return exit_usage;
    }
    if (!compat.empty() && (!inputs.empty() || dump)) {
        fmt::print(stderr, "ucom-idl: error: --check-compat takes OLD and NEW and no other input files\n");
        return exit_usage;
    }
    if (!depfile.empty() && inputs.size() != 1) {
        fmt::print(stderr, "ucom-idl: error: --depfile needs exactly one input file\n");
        return exit_usage;
    }

    ucom::idl::driver_options options;
    for (const auto &dir : include_dirs) {
        options.preprocessing.include_dirs.emplace_back(dir);
    }
    for (auto &dir : ucom::idl::default_idl_dirs(argv[0])) {
        options.preprocessing.include_dirs.push_back(std::move(dir));
    }
    for (const auto &define : defines) {
        auto [name, value] = split_define(define);
        if (name.empty()) {
            fmt::print(stderr, "ucom-idl: error: bad -D definition '{}': expected NAME or NAME=VALUE\n", define);
            return exit_usage;
        }
        options.preprocessing.defines.emplace_back(name, value);
    }
    options.preprocessing.limits = limits;
    options.output_dir = output_dir;
    if (emits.empty()) {
        emits = {"header", "impl", "client"};
    }
    for (const auto &e : emits) {
        options.emit.header = options.emit.header || e == "header";
        options.emit.impl = options.emit.impl || e == "impl";
        options.emit.client = options.emit.client || e == "client";
        options.emit.json = options.emit.json || e == "json";
        options.emit.descriptor = options.emit.descriptor || e == "descriptor";
        options.emit.uses = options.emit.uses || e == "uses";
        options.emit.api = options.emit.api || e == "api";
        options.emit.rust = options.emit.rust || e == "rust";
        options.emit.rust_descriptor = options.emit.rust_descriptor || e == "rust-descriptor";
        options.emit.rust_uses = options.emit.rust_uses || e == "rust-uses";
    }
    if (!depfile.empty()) {
        options.depfile = depfile;
    }

    if (!compat.empty()) {
        return ucom::idl::check_compat(compat[0], compat[1], options, stdout, stderr);
    }
    if (dump) {
        return ucom::idl::dump_api(inputs.front(), options, stdout, stderr);
    }
    int result = exit_ok;
    for (const auto &input : inputs) {
        if (ucom::idl::compile_file(input, options, stderr) != 0) {
            result = exit_input_error;
        }
    }
    return result;
}

} // namespace

int main(int argc, char **argv)
{
    try {
        return run(argc, argv);
    } catch (const std::exception &e) {
        fmt::print(stderr, "ucom-idl: internal error: {}\n", e.what());
        return exit_input_error;
    }
}
