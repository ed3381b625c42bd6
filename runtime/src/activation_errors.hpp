// How activation reports a failure: the error info a C caller reads, and the message that
// names the class and its module when the module's own code failed.
#pragma once

#include <ucom/abi.h>
#include <ucom/error.hpp>

#include "class_slot.hpp"

namespace ucom::activation {

// Sets `e` as this thread's error info and returns its HRESULT. The message names the class
// and module itself; the source says who reports it ("ucom").
HRESULT fail(const error &e);

// "class C: module M: <what>: <the cause's message>", with the cause's HRESULT.
error factory_error(const class_slot &slot, const char *what, const error &cause);
error factory_error(const class_slot &slot, const char *what, HRESULT code);

} // namespace ucom::activation
