// Resolver (semantic analysis): links names to declarations, evaluates constant
// expressions, takes IIDs and CLSIDs from attributes, numbers vtable slots, checks what MIDL
// checks, then builds the immutable model (model.hpp) the writers read, fingerprints
// included. Reports into the compilation's diagnostics and keeps going; returns the model
// only when it reported no error.
#pragma once

#include <memory>

#include "compilation.hpp"
#include "model.hpp"

namespace ucom::idl {

std::unique_ptr<const resolved_model> resolve(compilation &unit);

} // namespace ucom::idl
