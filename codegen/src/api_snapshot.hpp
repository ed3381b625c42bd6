// The API snapshot of an IDL file (`ucom-idl --dump-api`, `--emit api`): every interface,
// type and constant the file declares, canonical (ABI types, parameters by position) and
// sorted, with a hash; and the check that a newer snapshot keeps every interface and type
// an older one froze (`ucom-idl --check-compat`). The rules are in docs/idl.md.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "writers.hpp"

namespace ucom::idl {

// The snapshot as JSON text (schema: docs/idl.md, "Interface evolution"), into `out` or as a string.
void write_api_snapshot(const resolved_model &model, const writer_options &options, text_sink &out);
std::string write_api_snapshot(const resolved_model &model, const writer_options &options);

// Whether `text` is a snapshot (as opposed to IDL).
bool is_api_snapshot(std::string_view text);

// One line per incompatible change from `old_snapshot` to `new_snapshot`, naming the
// interface or type, the member and the change; empty when compatible. Throws
// std::invalid_argument when either text is not a snapshot.
std::vector<std::string> compatibility_violations(std::string_view old_snapshot, std::string_view new_snapshot);

} // namespace ucom::idl
