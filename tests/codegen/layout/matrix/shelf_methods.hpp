// The methods of IShelf in C++ types, for the classes that must fail to compile over one
// method only: each leaves out the method its test is about.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <ucom/array_view.hpp>
#include <ucom/com_ptr.hpp>

#include "shelf.h"

namespace test {

struct shelf_methods_common {
    int32_t Add(int32_t a, int32_t b) { return a + b; }
    void Split(std::string_view, int32_t &, std::string &) {}
    int64_t Sum(ucom::array_view<const int32_t>) { return 0; }
    std::vector<int32_t> Range(int32_t, int32_t) { return {}; }
    ucom::com_ptr<IShelfItem> MakeItem(std::string_view) { return {}; }
    std::string TitleOf(IShelfItem *) { return {}; }
    void FirstItem(ucom::com_ptr<IShelfItem> &) {}
    int32_t Capacity() { return 0; }
    void Capacity(int32_t) {}
    void Fail(int32_t, std::string_view) {}
    std::string RawEcho(std::string_view text) { return std::string(text); }
};

struct shelf_methods_but_greet : shelf_methods_common {
    HRESULT Find(REFIID, void **) { return E_NOINTERFACE; }
};

struct shelf_methods_but_find : shelf_methods_common {
    std::string Greet(std::string_view name) { return std::string(name); }
};

} // namespace test
