// The writers: each turns the resolved model into the text of one output file, handed to a
// sink piece by piece as it is written (the driver's sink stages it into the file). They do
// no I/O themselves and run only when resolution reported no error (there is a model only then).
#pragma once

#include <string>

#include "model.hpp"
#include "text_sink.hpp"

namespace ucom::idl {

struct writer_options {
    std::string source_name; // the IDL file name shown in banners ("calculator.idl")
    std::string stem;        // output base name ("calculator" → calculator.h)
};

// <stem>.h: the C header (C99 and C++17) with IIDs, vtables, call macros, types, CLSIDs.
void write_c_header(const resolved_model &model, const writer_options &options, text_sink &out);
// <stem>_impl.hpp: C++ implementation glue for ucom::implements<> (C++17).
void write_cpp_glue(const resolved_model &model, const writer_options &options, text_sink &out);
// <stem>_client.hpp: the C++ projection's client wrappers, ucom::client<I> (C++17).
void write_cpp_client(const resolved_model &model, const writer_options &options, text_sink &out);
// <stem>.json: the machine-readable description (schema in docs/idl-json.md).
void write_json(const resolved_model &model, const writer_options &options, text_sink &out);

// <stem>_descriptor.c: the module descriptor blob of the file's coclasses (C99 and C++17);
// a file without coclasses gives a file without a blob.
void write_descriptor(const resolved_model &model, const writer_options &options, text_sink &out);
// <stem>_uses.c: a descriptor blob with no classes whose uses table lists the file's object
// interfaces and their fingerprints, compiled into the modules that call them (C99 and C++17).
void write_uses(const resolved_model &model, const writer_options &options, text_sink &out);

// <stem>.rs: the Rust projection (docs/rust.md): vtables, interfaces with client methods,
// implementer traits and thunks, types, coclasses; over the `ucom` crate.
void write_rust(const resolved_model &model, const writer_options &options, text_sink &out);
// <stem>_descriptor.rs: the module descriptor blob of the file's coclasses, for a Rust plugin.
void write_rust_descriptor(const resolved_model &model, const writer_options &options, text_sink &out);
// <stem>_uses.rs: the uses table of the file's interfaces, for a Rust module that calls them.
void write_rust_uses(const resolved_model &model, const writer_options &options, text_sink &out);

// The header an import of `idl_path` includes: "unknwn.idl" → "unknwn.h".
std::string header_name_for(const std::string &idl_path);

} // namespace ucom::idl
