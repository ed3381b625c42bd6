// Resolver (semantic analysis): links names to declarations, evaluates constant
// expressions, takes IIDs and CLSIDs from attributes, numbers vtable slots, checks what MIDL
// checks, and computes each interface's layout fingerprint. Reports into the compilation's
// diagnostics and keeps going; writers run only when it reported no error.
#pragma once

#include "compilation.hpp"

namespace ucom::idl {

void resolve(compilation &unit);

} // namespace ucom::idl
