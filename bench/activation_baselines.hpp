// Baselines activation is measured against, in their own translation unit so that the
// compiler cannot see through them: a plain C++ class with one virtual method doing
// ICalculator2::Add's work (for new + virtual call + delete), and a bare dlopen + dlsym +
// dlclose of a module file.
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

// Whether `file` is mapped in this process now (dlopen with RTLD_NOLOAD): after its last
// dlclose it should not be, or a "first" load would only bump a reference count.
bool is_mapped(const char *file);

} // namespace bench
