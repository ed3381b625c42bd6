// Ucom.Test.Shelf (shelf.idl): every method in C++ types but RawEcho, which keeps the raw
// ABI signature, and Find, which has no form in C++ types. projection_test.cpp calls it
// through ucom::client after registering the plugin with the real `ucom`.
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <ucom/array_view.hpp>
#include <ucom/com_ptr.hpp>
#include <ucom/error.hpp>
#include <ucom/module.hpp>
#include <ucom/task_memory.hpp>

#include "shelf_client.hpp"
#include "shelf_impl.hpp"

namespace {

class item : public ucom::implements<item, IShelfItem> {
public:
    explicit item(std::string title) : title_(std::move(title)) {}

    std::string Title() const { return title_; }

private:
    std::string title_;
};

class shelf : public ucom::implements<shelf, IShelf2> {
public:
    int32_t Add(int32_t a, int32_t b) { return a + b; }

    std::string Greet(std::string_view name) { return "Hello, " + std::string(name) + "!"; }

    HRESULT Split(std::string_view text, int32_t &words, std::string &first)
    {
        words = 0;
        bool in_word = false;
        for (char c : text) {
            const bool letter = c != ' ';
            if (letter && !in_word) {
                ++words;
            }
            if (letter && words == 1) {
                first.push_back(c);
            }
            in_word = letter;
        }
        return words == 0 ? S_FALSE : S_OK;
    }

    int64_t Sum(ucom::array_view<const int32_t> values)
    {
        int64_t total = 0;
        for (int32_t v : values) {
            total += v;
        }
        return total;
    }

    std::vector<int32_t> Range(int32_t first, int32_t last)
    {
        if (last < first) {
            throw ucom::hresult_error(E_INVALIDARG, "the range ends before it starts", "Ucom.Test.Shelf");
        }
        std::vector<int32_t> values;
        for (int32_t v = first; v <= last; ++v) {
            values.push_back(v);
        }
        return values;
    }

    ucom::com_ptr<IShelfItem> MakeItem(std::string_view title)
    {
        items_ = ucom::make<item>(std::string(title));
        return items_;
    }

    // Through the client of the interface it is given: the item may be another object's.
    std::string TitleOf(IShelfItem *given)
    {
        if (given == nullptr) {
            throw ucom::hresult_error(E_POINTER, "no item given", "Ucom.Test.Shelf");
        }
        ucom::com_ptr<IShelfItem> held;
        held.copy_from(given);
        return "title: " + ucom::client<IShelfItem>(std::move(held)).Title();
    }

    HRESULT FirstItem(ucom::com_ptr<IShelfItem> &first)
    {
        first = items_;
        return first ? S_OK : S_FALSE;
    }

    int32_t Capacity() const { return capacity_; }
    void Capacity(int32_t capacity)
    {
        if (capacity < 0) {
            throw std::invalid_argument("a capacity is 0 or more");
        }
        capacity_ = capacity;
    }

    void Fail(int32_t code, std::string_view message)
    {
        if (code == 0) {
            throw std::runtime_error(std::string(message));
        }
        throw ucom::hresult_error(code, std::string(message), "Ucom.Test.Shelf");
    }

    // The raw form, beside the others.
    HRESULT RawEcho(const char *text, char **echo)
    {
        if (echo == nullptr) {
            return E_POINTER;
        }
        *echo = ucom::task_strdup(std::string("raw ") + text);
        return S_OK;
    }

    HRESULT Find(REFIID riid, void **found) { return query_interface(riid, found); }

    int32_t Count() const { return items_ ? 1 : 0; }

private:
    int32_t capacity_ = 10;
    ucom::com_ptr<IShelfItem> items_;
};

} // namespace

UCOM_DEFINE_MODULE(ucom::exported_class<shelf>(CLSID_Shelf))
