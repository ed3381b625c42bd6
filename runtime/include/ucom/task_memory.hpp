// Memory that crosses the ABI comes from the task allocator (ucom_alloc, ucom/ucom.h), and
// whoever receives it frees it. These types own such memory, so C++ code never calls
// ucom_free, and make it, so an implementer never checks for NULL:
//   ucom::task_string greeting;                               // a caller
//   ucom::check_hresult(hello->Greet("world", greeting.put()));
//   std::puts(greeting.c_str());
//   *greeting = ucom::task_strdup("Hello, " + name);         // an implementer
// C++17: plugins include it.
#pragma once

#include <cstddef>
#include <cstring>
#include <new>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <ucom/ucom.h>

namespace ucom {

// Owns one block from the task allocator and frees it when it goes.
template <class T>
class task_ptr {
public:
    task_ptr() noexcept = default;
    explicit task_ptr(T *block) noexcept : block_(block) {}
    task_ptr(task_ptr &&other) noexcept : block_(other.release()) {}
    task_ptr &operator=(task_ptr &&other) noexcept
    {
        reset(other.release());
        return *this;
    }
    task_ptr(const task_ptr &) = delete;
    task_ptr &operator=(const task_ptr &) = delete;
    ~task_ptr() { free_block(block_); }

    T *get() const noexcept { return block_; }
    explicit operator bool() const noexcept { return block_ != nullptr; }

    // Gives the block up (to hand it on to a caller, say) without freeing it.
    T *release() noexcept { return std::exchange(block_, nullptr); }
    void reset(T *block = nullptr) noexcept { free_block(std::exchange(block_, block)); }

    // For an [out] parameter: frees what it held and returns where the callee writes.
    T **put() noexcept
    {
        reset();
        return &block_;
    }

private:
    // A moved-from or empty task_ptr makes no call into libucom: moves through the
    // projection's results leave several behind on every call.
    static void free_block(T *block) noexcept
    {
        if (block != nullptr) {
            ucom_free(block);
        }
    }

    T *block_ = nullptr;
};

// The string of an [out, string] char ** parameter: UTF-8 text the callee allocated, owned.
// Empty (and c_str() "") when the callee gave none.
class task_string {
public:
    task_string() noexcept = default;
    explicit task_string(char *text) noexcept : text_(text) {}

    char **put() noexcept { return text_.put(); }
    char *get() const noexcept { return text_.get(); }
    char *release() noexcept { return text_.release(); }
    explicit operator bool() const noexcept { return static_cast<bool>(text_); }

    const char *c_str() const noexcept { return text_ ? text_.get() : ""; }
    std::string_view view() const noexcept { return c_str(); }
    operator std::string_view() const noexcept { return view(); }
    std::string str() const { return std::string(view()); }
    bool empty() const noexcept { return view().empty(); }

private:
    task_ptr<char> text_;
};

// The elements of an [out, size_is(*count)] T ** parameter, owned. The count comes back in
// a parameter of the interface's own type, so set it once the call succeeded:
//   ucom::task_array<int32_t> values;
//   ULONG count = 0;
//   ucom::check_hresult(list->Values(values.put(), &count));
//   values.set_size(count);
template <class T>
class task_array {
    static_assert(std::is_trivially_copyable_v<T>, "task_array<T> holds plain data that crossed the ABI");
    static_assert(!std::is_pointer_v<T>, "task_array<T*> would free the array but not what its elements own: "
                                         "take each string into a task_string, each interface into a com_ptr");

public:
    task_array() noexcept = default;
    task_array(T *data, std::size_t size) noexcept : data_(data), size_(data != nullptr ? size : 0) {}

    T **put() noexcept
    {
        size_ = 0;
        return data_.put();
    }
    // The count as the callee gave it, in the interface's own integer type (a signed `long`
    // too): a negative count, which only a broken callee returns, leaves the array empty
    // rather than making it huge.
    template <class Count, std::enable_if_t<std::is_integral_v<Count>, int> = 0>
    void set_size(Count count) noexcept
    {
        size_ = data_ && count > 0 ? static_cast<std::size_t>(count) : 0;
    }

    T *data() const noexcept { return data_.get(); }
    std::size_t size() const noexcept { return size_; }
    bool empty() const noexcept { return size_ == 0; }
    T *begin() const noexcept { return data_.get(); }
    T *end() const noexcept { return data_.get() + size_; }
    T &operator[](std::size_t i) const noexcept { return data_.get()[i]; }
    std::vector<T> to_vector() const { return std::vector<T>(begin(), end()); }
    T *release() noexcept
    {
        size_ = 0;
        return data_.release();
    }

private:
    task_ptr<T> data_;
    std::size_t size_ = 0;
};

// A task-allocated copy of `text`, NUL-terminated, for an [out, string] parameter; throws
// std::bad_alloc (which the implements<> thunk returns as E_OUTOFMEMORY).
inline char *task_strdup(std::string_view text)
{
    auto *copy = static_cast<char *>(ucom_alloc(text.size() + 1));
    if (copy == nullptr) {
        throw std::bad_alloc();
    }
    if (!text.empty()) {
        std::memcpy(copy, text.data(), text.size());
    }
    copy[text.size()] = '\0';
    return copy;
}

// A task-allocated copy of `count` elements, for an [out, size_is(...)] parameter (null
// for none); throws std::bad_alloc.
template <class T>
T *task_copy(const T *data, std::size_t count)
{
    static_assert(std::is_trivially_copyable_v<T>, "only plain data crosses the ABI by copy");
    if (count == 0) {
        return nullptr;
    }
    if (count > static_cast<std::size_t>(-1) / sizeof(T)) {
        throw std::bad_alloc();
    }
    auto *copy = static_cast<T *>(ucom_alloc(count * sizeof(T)));
    if (copy == nullptr) {
        throw std::bad_alloc();
    }
    std::memcpy(copy, data, count * sizeof(T));
    return copy;
}

template <class T>
T *task_copy(const std::vector<T> &values)
{
    return task_copy(values.data(), values.size());
}

} // namespace ucom
