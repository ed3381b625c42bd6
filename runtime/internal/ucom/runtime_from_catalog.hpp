// A runtime over a registry catalog the caller has already loaded: for ucom's own tool, which
// reads the registry for its own use (`ucom query` names the registered interfaces) and must
// not parse it a second time inside ucom_runtime_open. C++ and internal: the catalog's layout
// is no part of libucom's ABI, so only code built with this libucom, in this project, may
// call it; hosts use ucom_runtime_open. The header is not installed.
#pragma once

#include <ucom/registry/catalog.hpp>
#include <ucom/runtime.h>

namespace ucom::activation {

// As ucom_runtime_open, over `catalog` instead of the files it would load. *runtime is the
// new handle (close it with ucom_runtime_close) or null on failure.
UCOM_API HRESULT open_runtime(registry::catalog catalog, ucom_runtime **runtime) noexcept;

} // namespace ucom::activation
