// Reading and writing the registry's TOML text (docs/registry.md). Reading checks the
// whole file and refuses it whole: a TOML syntax error, an unknown key, a bad GUID, a
// duplicate CLSID, ProgID, module or interface each give an error with the file, the line
// and column, and the entry concerned.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <ucom/error.hpp>
#include <ucom/registry/model.hpp>

namespace ucom::registry {

// How deep a registry's text may nest: the parts of a table header, plus the open arrays
// and inline tables of a value, plus the parts of a dotted key. A real registry nests 4
// deep ([[module.interfaces]]); past 128 the text is refused before toml++ parses it, whose
// recursion would otherwise overflow the stack.
inline constexpr std::size_t max_nesting = 128;

// `source` names the text in errors (the file's path).
result<registry_file> parse_registry(std::string_view text, const std::string &source);

// The text of `file`, in the canonical order: modules by path, classes by ProgID then
// CLSID, interfaces by name then IID. parse_registry(serialize_registry(f)) gives f back.
std::string serialize_registry(const registry_file &file);

} // namespace ucom::registry
