// The driver: the only part of ucom-idl that touches the disk. Reads a file and what it
// imports, runs the stages, prints diagnostics, and writes each output atomically (temp file
// and rename, only when the content changed) — or nothing at all when there were errors.
#pragma once

#include <cstdio>
#include <filesystem>
#include <optional>
#include <vector>

#include "preprocessor.hpp"

namespace ucom::idl {

struct emit_set {
    bool header = false;
    bool impl = false;
    bool client = false;
    bool json = false;
    bool descriptor = false;
};

struct driver_options {
    preprocessor_options preprocessing;
    std::filesystem::path output_dir = ".";
    emit_set emit;
    std::optional<std::filesystem::path> depfile; // Makefile-syntax dependencies of the outputs
};

// Compiles one IDL file. Returns 0 on success, 1 when the input had errors (diagnostics
// printed to `diagnostics_out`) or an output could not be written.
int compile_file(const std::filesystem::path &input, const driver_options &options, std::FILE *diagnostics_out);

// Where ucom-idl finds its own IDL files (unknwn.idl, wtypes.idl): searched after -I dirs.
std::vector<std::filesystem::path> default_idl_dirs(const std::filesystem::path &executable);

} // namespace ucom::idl
