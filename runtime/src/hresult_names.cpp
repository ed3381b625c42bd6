// The result codes ucom knows by name, with a sentence for each (COM's wording where COM has one).
#include <array>
#include <cstring>

#include <ucom/ucom.h>

namespace {

struct hresult_description {
    HRESULT code;
    const char *name;
    const char *message;
};

constexpr std::array known_codes = {
    hresult_description{S_OK, "S_OK", "Success"},
    hresult_description{S_FALSE, "S_FALSE", "Success (false)"},
    hresult_description{E_NOTIMPL, "E_NOTIMPL", "Not implemented"},
    hresult_description{E_NOINTERFACE, "E_NOINTERFACE", "No such interface supported"},
    hresult_description{E_POINTER, "E_POINTER", "Invalid (null) pointer"},
    hresult_description{E_ABORT, "E_ABORT", "Operation aborted"},
    hresult_description{E_FAIL, "E_FAIL", "Unspecified error"},
    hresult_description{E_UNEXPECTED, "E_UNEXPECTED", "Catastrophic failure"},
    hresult_description{E_ACCESSDENIED, "E_ACCESSDENIED", "Access denied"},
    hresult_description{E_HANDLE, "E_HANDLE", "Invalid handle"},
    hresult_description{E_OUTOFMEMORY, "E_OUTOFMEMORY", "Out of memory"},
    hresult_description{E_INVALIDARG, "E_INVALIDARG", "One or more arguments are invalid"},
    hresult_description{CLASS_E_NOAGGREGATION, "CLASS_E_NOAGGREGATION", "Class does not support aggregation"},
    hresult_description{CLASS_E_CLASSNOTAVAILABLE, "CLASS_E_CLASSNOTAVAILABLE",
                        "The module does not provide this class"},
    hresult_description{REGDB_E_READREGDB, "REGDB_E_READREGDB", "The registry file could not be read"},
    hresult_description{REGDB_E_WRITEREGDB, "REGDB_E_WRITEREGDB", "The registry file could not be written"},
    hresult_description{REGDB_E_INVALIDVALUE, "REGDB_E_INVALIDVALUE", "The registry file holds an invalid entry"},
    hresult_description{REGDB_E_CLASSNOTREG, "REGDB_E_CLASSNOTREG", "Class not registered"},
    hresult_description{CO_E_NOTINITIALIZED, "CO_E_NOTINITIALIZED", "The runtime has not been initialized"},
    hresult_description{CO_E_CLASSSTRING, "CO_E_CLASSSTRING", "Invalid class string (neither a CLSID nor a ProgID)"},
    hresult_description{CO_E_DLLNOTFOUND, "CO_E_DLLNOTFOUND", "The module file could not be found"},
    hresult_description{CO_E_ERRORINDLL, "CO_E_ERRORINDLL", "The module file is invalid"},
    hresult_description{UCOM_E_ACTIVATION_CYCLE, "UCOM_E_ACTIVATION_CYCLE",
                        "Activation cycle: the class is already being created by this activation"},
    hresult_description{UCOM_E_LAYOUT_MISMATCH, "UCOM_E_LAYOUT_MISMATCH",
                        "The caller was built against another layout of the interface than the class provides"},
};

const hresult_description *find(HRESULT code)
{
    for (const hresult_description &known : known_codes) {
        if (known.code == code) {
            return &known;
        }
    }
    return nullptr;
}

} // namespace

extern "C" {

UCOM_API const char *ucom_hresult_name(HRESULT code)
{
    const hresult_description *known = find(code);
    return known != nullptr ? known->name : nullptr;
}

UCOM_API const char *ucom_hresult_message(HRESULT code)
{
    const hresult_description *known = find(code);
    return known != nullptr ? known->message : nullptr;
}

UCOM_API HRESULT ucom_hresult_from_name(const char *name, HRESULT *code)
{
    if (name == nullptr || code == nullptr) {
        return E_POINTER;
    }
    for (const hresult_description &known : known_codes) {
        if (std::strcmp(known.name, name) == 0) {
            *code = known.code;
            return S_OK;
        }
    }
    return E_INVALIDARG;
}

} // extern "C"
