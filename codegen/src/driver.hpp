// The driver: the only part of ucom-idl that touches the disk. Reads a file and what it
// imports, runs the stages, prints diagnostics, and writes each output atomically (temp file
// and rename, only when the content changed) — or nothing at all when there were errors.
#pragma once

#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model.hpp"
#include "preprocessor.hpp"

namespace ucom::idl {

struct emit_set {
    bool header = false;
    bool impl = false;
    bool client = false;
    bool json = false;
    bool descriptor = false;
    bool uses = false; // <stem>_uses.c: the uses table for modules that call the file's interfaces
    bool api = false; // <stem>.api.json: the API snapshot (--dump-api)
    bool rust = false; // <stem>.rs: the Rust projection
    bool rust_descriptor = false; // <stem>_descriptor.rs: the module descriptor for a Rust plugin
    bool rust_uses = false; // <stem>_uses.rs: the uses table for Rust modules that call the file's interfaces
};

struct driver_options {
    preprocessor_options preprocessing;
    std::filesystem::path output_dir = ".";
    emit_set emit;
    std::optional<std::filesystem::path> depfile; // Makefile-syntax dependencies of the outputs
};

// The front half of compile_file: reads `input` and what it imports into `unit`, parses and
// resolves them; the model when there was no error (diagnostics are in unit.diags).
std::unique_ptr<const resolved_model> read_model(const std::filesystem::path &input,
                                                 const preprocessor_options &preprocessing, compilation &unit);

// The same for IDL text that is not on disk (tests, snapshots); `name` is what diagnostics
// print. Imports are searched in the preprocessor's include folders.
std::unique_ptr<const resolved_model> read_model_from_text(std::string name, std::string text,
                                                           const preprocessor_options &preprocessing,
                                                           compilation &unit);

// Compiles one IDL file. Returns 0 on success, 1 when the input had errors (diagnostics
// printed to `diagnostics_out`) or an output could not be written.
int compile_file(const std::filesystem::path &input, const driver_options &options, std::FILE *diagnostics_out);

// --dump-api: prints the API snapshot of `input` (IDL, or a snapshot) to `out`.
int dump_api(const std::filesystem::path &input, const driver_options &options, std::FILE *out,
             std::FILE *diagnostics_out);
// --check-compat: prints one line per incompatible change from `old_file` to `new_file` (each
// IDL or a snapshot) to `out`; 0 when compatible, 1 when not or when either could not be read.
int check_compat(const std::filesystem::path &old_file, const std::filesystem::path &new_file,
                 const driver_options &options, std::FILE *out, std::FILE *diagnostics_out);

// Where ucom-idl finds its own IDL files (unknwn.idl, wtypes.idl): searched after -I dirs.
std::vector<std::filesystem::path> default_idl_dirs(const std::filesystem::path &executable);

} // namespace ucom::idl
