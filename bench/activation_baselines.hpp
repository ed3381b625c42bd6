// Baselines activation is measured against, in their own translation unit so that the
// compiler cannot see through them: a plain C++ class with one virtual method doing
// ICalculator2::Add's work (for new + virtual call + delete), a bare dlopen + dlsym +
// dlclose of a module file, and an activation through the module's entry point by hand.
#pragma once

#include <cstdint>

#include <ucom/abi.h>

namespace bench {

class virtual_adder {
public:
    virtual ~virtual_adder() = default;
    // The sum, or E_INVALIDARG when it does not fit in 32 bits: the calculator's Add.
    virtual HRESULT add(int32_t a, int32_t b, int32_t *sum) = 0;
};

// A new heap object whose dynamic type the caller's translation unit does not know.
virtual_adder *make_virtual_adder();

// dlopen(file, RTLD_NOW | RTLD_LOCAL), dlsym(symbol), dlclose: what loading a module costs
// the dynamic loader alone. False when the file does not load or lacks the symbol.
bool open_find_close(const char *file, const char *symbol);

// What any COM-style activation of a class in `file` costs with no runtime at all: dlopen,
// dlsym("DllGetClassObject"), the class factory, CreateInstance for `iid`, `use` on the
// object, the Releases, dlclose. Above a bare dlopen + dlsym, it pays for running the
// module's code: the page faults that map it in, its factory and object. False on failure.
bool open_activate_close(const char *file, const GUID &clsid, const IID &iid, void (*use)(void *object));

// Whether `file` is mapped in this process now (dlopen with RTLD_NOLOAD): after its last
// dlclose it should not be, or a "first" load would only bump a reference count.
bool is_mapped(const char *file);

} // namespace bench
