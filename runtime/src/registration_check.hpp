// The check the loader runs on a module file before any of its code runs, and again before
// a module already loaded is handed out: the file must still be what was registered.
#pragma once

#include <cstdint>

#include <ucom/error.hpp>
#include <ucom/registry/catalog.hpp>
#include <ucom/module_file/descriptor.hpp>

#include "class_slot.hpp"

namespace ucom::activation {

// The module's descriptor declares the slot's class and, for every interface the registry
// lists for the module, the same layout fingerprint. Refused with CO_E_ERRORINDLL naming
// the class, the module and the first mismatch.
result<void> check_against_registration(const class_slot &slot, const descriptor::module_info &declared);

// The module as a caller: each interface its descriptor records that it calls (its uses
// table) has the layout the registry gives that interface, else the module is stale and
// refused before it runs, with UCOM_E_LAYOUT_MISMATCH naming the interface, both layouts,
// the module and what to do. An interface the registry does not know, and a module whose
// descriptor predates the table, are not checked.
result<void> check_consumed_layouts(const class_slot &slot, const registry::catalog &catalog,
                                    const descriptor::module_info &declared);

// The other side: a caller built with layouts `caller` of interface `iid` against the
// class's module, which registered `iid` with its own. Refused with UCOM_E_LAYOUT_MISMATCH
// naming the interface, both fingerprints, the module and what to do. Not checked (passes)
// when the module registered no fingerprint for `iid` (IUnknown, or an interface its
// descriptor does not list); the contract only when both sides have one.
result<void> check_caller_layout(const class_slot &slot, const registry::catalog &catalog, const guid &iid,
                                 const registry::interface_layouts &caller);

// What a caller passes (the layout fingerprint, and a contract of `contract_version`) as far
// as this runtime can compare it: a contract of another version than the descriptors' is
// dropped, so that only the binary is checked.
registry::interface_layouts caller_layouts(std::uint64_t layout, std::uint32_t contract_version,
                                           std::uint64_t contract);

} // namespace ucom::activation
