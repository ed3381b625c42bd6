// Baselines the object model is measured against, in their own translation unit so that
// the compiler cannot see through them (no devirtualization, no folded atomics).
#pragma once

#include <atomic>
#include <cstdint>

#include <benchmark/benchmark.h>

#include <ucom/abi.h>

namespace bench {

class virtual_number {
public:
    virtual ~virtual_number() = default;
    virtual HRESULT number(int32_t *value) = 0;
};

// A heap object whose dynamic type the caller's translation unit does not know.
virtual_number *make_virtual_number();

// The floor of any reference count: an atomic increment and an acq_rel decrement in a loop.
void atomic_pair(benchmark::State &state);

} // namespace bench
