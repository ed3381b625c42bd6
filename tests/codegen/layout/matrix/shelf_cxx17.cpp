// Compiled with -fsyntax-only as C++17 by every C++ compiler and standard library of the
// layout matrix: the projection's test IDL (tests/projection/shelf.idl) with a class in C++
// types whose glue is instantiated, and its client wrappers with every method instantiated.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <ucom/array_view.hpp>
#include <ucom/com_ptr.hpp>
#include <ucom/implements.hpp>
#include <ucom/task_memory.hpp>

#include "shelf_client.hpp"
#include "shelf_impl.hpp"

namespace {

struct item : ucom::implements<item, IShelfItem> {
    std::string Title() { return "title"; }
};

struct impl : ucom::implements<impl, IShelf2> {
    int32_t Add(int32_t a, int32_t b) { return a + b; }
    std::string Greet(std::string_view name) { return std::string(name); }
    HRESULT Split(std::string_view, int32_t &words, std::string &) { return words = 0, S_FALSE; }
    int64_t Sum(ucom::array_view<const int32_t> values) { return static_cast<int64_t>(values.size()); }
    std::vector<int32_t> Range(int32_t first, int32_t) { return {first}; }
    ucom::com_ptr<IShelfItem> MakeItem(std::string_view) { return ucom::make<item>(); }
    std::string TitleOf(IShelfItem *) { return {}; }
    void FirstItem(ucom::com_ptr<IShelfItem> &) {}
    int32_t Capacity() const { return 1; }
    void Capacity(int32_t) {}
    void Fail(int32_t, std::string_view) {}
    HRESULT RawEcho(const char *, char **echo) { return *echo = nullptr, S_OK; }
    HRESULT Find(REFIID, void **found) { return *found = nullptr, E_NOINTERFACE; }
    int32_t Count() { return 0; }
};

static_assert(ucom::glue<IShelf2, impl>::vtbl.Greet == &ucom::glue<IShelf, impl>::Greet<IShelf2>);

} // namespace

int64_t shelf_cxx_client();
int64_t shelf_cxx_client()
{
    const ucom::client<IShelf2> shelf(ucom::make<impl>());
    int32_t words = 0;
    std::string first;
    ucom::task_string first_owned;
    ucom::com_ptr<IShelfItem> item_ptr;
    ucom::client<IShelfItem> item_client;
    const std::vector<int32_t> values = {1, 2};
    int64_t total = shelf.Add(1, 2) + shelf.Sum(values) + shelf.Capacity() + shelf.Count();
    total += static_cast<int64_t>(shelf.Greet("a").size() + shelf.Greet<ucom::task_string>("b").view().size());
    total += shelf.Split("a b", words, first) + shelf.Split("a", words, first_owned);
    total += static_cast<int64_t>(shelf.Range(1, 2).size() + shelf.Range<ucom::task_array<int32_t>>(1, 2).size());
    total += static_cast<int64_t>(shelf.MakeItem("t").Title().size() + shelf.TitleOf(item_client.get()).size());
    total += shelf.FirstItem(item_ptr) + shelf.FirstItem(item_client) + shelf.Capacity(3) + shelf.Fail(1, "m");
    total += static_cast<int64_t>(shelf.RawEcho("e").size());
    const auto tried = shelf.try_MakeItem<ucom::com_ptr<IShelfItem>>("t");
    return total + (tried ? 1 : 0) + (shelf.try_as<IShelf>() ? 1 : 0);
}
