// Calling other components from implementation code: a failed HRESULT becomes a
// ucom::hresult_error that carries the callee's error info, so the implements<> thunk hands
// the callee's code and message (naming the file, say) on to this component's caller.
#pragma once

#include <ucom/error.hpp>

namespace pipeline {

// Returns code when it is a success (S_OK or S_FALSE); throws when it is a failure.
inline HRESULT check_hresult(HRESULT code)
{
    if (FAILED(code)) {
        throw ucom::hresult_error(ucom::error::from_hresult(code));
    }
    return code;
}

} // namespace pipeline
