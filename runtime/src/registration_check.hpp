// The check the loader runs on a module file before any of its code runs, and again before
// a module already loaded is handed out: the file must still be what was registered.
#pragma once

#include <ucom/error.hpp>
#include <ucom/module_file/descriptor.hpp>

#include "class_slot.hpp"

namespace ucom::activation {

// The module's descriptor declares the slot's class and, for every interface the registry
// lists for the module, the same layout fingerprint. Refused with CO_E_ERRORINDLL naming
// the class, the module and the first mismatch.
result<void> check_against_registration(const class_slot &slot, const descriptor::module_info &declared);

} // namespace ucom::activation
