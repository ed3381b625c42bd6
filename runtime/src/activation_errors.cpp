// How activation reports a failure (activation_errors.hpp).
#include "activation_errors.hpp"

#include <fmt/format.h>

#include <ucom/ucom.h>

namespace ucom::activation {

HRESULT fail(const error &e)
{
    ucom_set_error_info(e.code(), "ucom", e.message().c_str());
    return e.code();
}

error factory_error(const class_slot &slot, const char *what, const error &cause)
{
    return error(cause.code(),
                 fmt::format("class {}: module {}: {}: {}", slot.label, slot.resolved->module_file.string(), what,
                             cause.message()),
                 slot.label);
}

error factory_error(const class_slot &slot, const char *what, HRESULT code)
{
    return factory_error(slot, what, error::from_hresult(code));
}

} // namespace ucom::activation
