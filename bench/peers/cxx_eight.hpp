// The comparison's workload in plain C++ (the baselines, and Boost.DLL's): a class of eight
// interfaces of one virtual method each, in a module of its own (cxx_module.cpp) that the
// benchmark loads with dlopen. Its types are visible across the boundary, as a plugin
// interface's must be for dynamic_cast.
#pragma once

#include <cstdint>

namespace bench::cxx {

// What every object is handed out as, like IUnknown: the casts start from it.
class __attribute__((visibility("default"))) root {
public:
    virtual ~root() = default;
};

template <int K>
class __attribute__((visibility("default"))) number {
public:
    virtual ~number() = default;
    virtual std::int32_t value() = 0;
};

// The module's exports, found with dlsym: a new object of root and number<0> to number<7>
// (never number<8>), handed out as its first interface as CreateInstance would, and a free
// function returning what value() returns.
using create_fn = number<0> *();
using number_fn = std::int32_t();
constexpr const char *create_symbol = "ucom_bench_cxx_create";
constexpr const char *number_symbol = "ucom_bench_cxx_number";

} // namespace bench::cxx
