// implements<Derived, I...>: the C++ side of a component. Gives Derived one ABI interface
// pointer per listed interface (each points at a static C vtable of noexcept thunks, never
// at a C++ compiler's vtable), an atomic reference count, QueryInterface over the listed
// interfaces and their bases with COM's identity rules, and deletion on the last Release.
// Every vtable's Release slot is libucom's ucom_object_release, with a ucom_release_record
// before the vtable, so that a module unloads exactly (ucom/module.h). C++17: plugins
// include it.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <tuple>
#include <type_traits>
#include <utility>

#include <ucom/abi.h>
#include <ucom/com_ptr.hpp>
#include <ucom/detail/qi_table.hpp>
#include <ucom/error.hpp>
#include <ucom/interface_traits.hpp>
#include <ucom/module.h>

namespace ucom {

namespace detail {

// Live objects of implements<> and server locks (IClassFactory::LockServer) of the module
// (shared object) this is compiled into: hidden, so every plugin counts its own.
// DllCanUnloadNow reads them (ucom/module.hpp).
__attribute__((visibility("hidden"))) inline std::atomic<long> module_object_count{0};
__attribute__((visibility("hidden"))) inline std::atomic<long> module_lock_count{0};

// A vtable with the record ucom_object_release finds right before it.
template <class Vtbl>
struct prefixed_vtable {
    static_assert(alignof(Vtbl) <= alignof(ucom_release_record), "no padding between the record and the vtable");
    ucom_release_record record;
    Vtbl vtbl;
};

// Live objects of implements<> whose glue has a Release of the module's own (glue written
// by hand): once one was made, the module does not unload exactly (ucom/module.hpp).
__attribute__((visibility("hidden"))) inline std::atomic<bool> module_releases_in_module{false};

// Standard layout, so that where the count lies is known to ucom_object_release.
template <std::size_t N>
struct interface_slots {
    const void *vtables[N]; // slot k is the object's interface pointer for its k-th interface
    std::atomic<ULONG> refs{1};
};

// Whether glue G releases through libucom (generated glue says so).
template <class G, class = void>
constexpr bool releases_through_runtime = false;
template <class G>
constexpr bool releases_through_runtime<G, std::void_t<decltype(G::releases_through_runtime)>> =
    G::releases_through_runtime;

template <class Wanted, class... Interfaces>
constexpr std::size_t index_of() noexcept
{
    constexpr bool matches[] = {std::is_same_v<Wanted, Interfaces>...};
    for (std::size_t i = 0; i < sizeof...(Interfaces); ++i) {
        if (matches[i]) {
            return i;
        }
    }
    return sizeof...(Interfaces);
}

template <class... Interfaces>
constexpr bool all_distinct() noexcept
{
    constexpr std::size_t n = sizeof...(Interfaces);
    constexpr std::size_t indices[] = {index_of<Interfaces, Interfaces...>()...};
    for (std::size_t i = 0; i < n; ++i) {
        if (indices[i] != i) {
            return false;
        }
    }
    return true;
}

// Runs one interface method of Derived for a thunk: the object is found from the interface
// pointer, and any exception becomes an HRESULT plus error info. A method returning void
// reports S_OK.
template <class Derived, class Self, class Method>
HRESULT invoke(Self *This, Method &&method) noexcept
{
    try {
        Derived &self = Derived::from_abi(This);
        if constexpr (std::is_void_v<std::invoke_result_t<Method, Derived &>>) {
            std::forward<Method>(method)(self);
            return S_OK;
        } else {
            return std::forward<Method>(method)(self);
        }
    } catch (...) {
        return hresult_from_caught_exception();
    }
}

} // namespace detail

template <class Derived, class... Interfaces>
class implements : private detail::interface_slots<sizeof...(Interfaces)> {
    static_assert(sizeof...(Interfaces) > 0, "implements<Derived, I...> needs at least one interface");
    static_assert((is_interface_v<Interfaces> && ...),
                  "every I in implements<Derived, I...> needs ucom::interface_traits<I>");
    static_assert(detail::all_distinct<Interfaces...>(), "implements<Derived, I...> lists an interface twice");

    using slots = detail::interface_slots<sizeof...(Interfaces)>;
    using table = detail::qi_table<Interfaces...>;

public:
    using default_interface = std::tuple_element_t<0, std::tuple<Interfaces...>>;

    implements(const implements &) = delete;
    implements &operator=(const implements &) = delete;

    // QueryInterface with COM's rules: null ppv is E_POINTER; on failure *ppv is null; the
    // IUnknown pointer is always the same one; a hit adds a reference.
    HRESULT query_interface(REFIID riid, void **ppv) noexcept
    {
        if (ppv == nullptr) {
            return E_POINTER;
        }
        if (riid == nullptr) {
            *ppv = nullptr;
            return E_INVALIDARG;
        }
        const std::uint32_t slot = table::find(*riid);
        if (slot == detail::no_slot) {
            *ppv = nullptr;
            return E_NOINTERFACE;
        }
        add_ref();
        *ppv = &this->vtables[slot];
        return S_OK;
    }

    // This object's pointer for `iid` without adding a reference (nullptr when it does not
    // implement it): for a caller that hands out a reference it already owns, as a class
    // factory does with a new object's first one.
    void *find_interface(const IID &iid) noexcept
    {
        const std::uint32_t slot = table::find(iid);
        return slot == detail::no_slot ? nullptr : &this->vtables[slot];
    }

    // Returns the new count (for diagnostics only, as in COM).
    ULONG add_ref() noexcept { return this->refs.fetch_add(1, std::memory_order_relaxed) + 1; }

    // Returns the new count; at zero the object deletes itself as a Derived. (Calls through
    // an interface pointer take ucom_object_release instead, which leaves the module first.)
    ULONG release() noexcept
    {
        const ULONG left = this->refs.fetch_sub(1, std::memory_order_acq_rel) - 1;
        if (left == 0) {
            delete static_cast<Derived *>(this);
            detail::module_object_count.fetch_sub(1, std::memory_order_release);
        }
        return left;
    }

    // From an interface pointer for Self to the object's reference count, in bytes: for
    // the ucom_release_record before Self's vtable.
    template <class Self>
    static constexpr std::ptrdiff_t refcount_offset() noexcept
    {
        constexpr std::size_t index = detail::index_of<Self, Interfaces...>();
        static_assert(index < sizeof...(Interfaces), "refcount_offset<Self>: Self is not one of the listed interfaces");
        static_assert(std::is_standard_layout_v<slots>, "the slots' layout is what ucom_object_release reads");
        return static_cast<std::ptrdiff_t>(offsetof(slots, refs)) -
               static_cast<std::ptrdiff_t>(offsetof(slots, vtables) + index * sizeof(const void *));
    }

    // This object's pointer for interface I (one it lists), borrowed: no reference added.
    template <class I>
    I *get_abi() noexcept
    {
        constexpr std::size_t index = detail::index_of<I, Interfaces...>();
        static_assert(index < sizeof...(Interfaces), "get_abi<I>: I is not one of the listed interfaces");
        return reinterpret_cast<I *>(&this->vtables[index]);
    }

    // The implementation behind an interface pointer of this class; used by the thunks.
    // Self is the listed interface whose vtable the call came through.
    template <class Self>
    static Derived &from_abi(Self *p) noexcept
    {
        constexpr std::size_t index = detail::index_of<Self, Interfaces...>();
        static_assert(index < sizeof...(Interfaces), "from_abi<Self>: Self is not one of the listed interfaces");
        const void **slot = reinterpret_cast<const void **>(p);
        auto *all = reinterpret_cast<slots *>(slot - index); // vtables[0] starts the slots object
        return static_cast<Derived &>(static_cast<implements &>(*all));
    }

protected:
    implements() noexcept : slots{{static_cast<const void *>(&glue<Interfaces, Derived>::vtbl)...}}
    {
        static_assert(std::is_base_of_v<implements, Derived>, "Derived must derive from implements<Derived, ...>");
        if constexpr (!(detail::releases_through_runtime<glue<Interfaces, Derived>> && ...)) {
            detail::module_releases_in_module.store(true, std::memory_order_relaxed);
        }
        detail::module_object_count.fetch_add(1, std::memory_order_relaxed);
    }
    // An object deleted by its last release leaves the module's count to the releaser; one
    // destroyed otherwise (Derived's constructor threw, or it never lived on the heap) still
    // holds its reference and drops the count here.
    ~implements()
    {
        if (this->refs.load(std::memory_order_relaxed) != 0) {
            detail::module_object_count.fetch_sub(1, std::memory_order_release);
        }
    }
};

// Creates a Derived on the heap and returns its default (first) interface, or interface I
// when named. Exceptions from Derived's constructor propagate: this is C++, not the ABI.
template <class Derived, class I = typename Derived::default_interface, class... Args>
com_ptr<I> make(Args &&...args)
{
    auto *object = new Derived(std::forward<Args>(args)...);
    com_ptr<I> out;
    out.attach(object->template get_abi<I>()); // takes the constructor's reference
    return out;
}

// Each interface's Release slot: ucom_object_release under the slot's type (generated glue
// declares one for each of its interfaces). The asm label names libucom's function; the C
// ABI passes every pointer alike.
namespace release_slot {
ULONG IUnknown(::IUnknown *This) noexcept __asm__("ucom_object_release");
}

// The glue of IUnknown's slots, shared by every interface's vtable: Self is the listed
// interface the vtable belongs to.
template <class Derived>
struct glue<IUnknown, Derived> {
    template <class Self>
    static HRESULT QueryInterface(Self *This, REFIID riid, void **ppv) noexcept
    {
        return Derived::from_abi(This).query_interface(riid, ppv);
    }
    template <class Self>
    static ULONG AddRef(Self *This) noexcept
    {
        return Derived::from_abi(This).add_ref();
    }
    // A Release slot in the module itself, for glue written by hand without a record: an
    // object made with such glue keeps its module from unloading exactly.
    template <class Self>
    static ULONG Release(Self *This) noexcept
    {
        return Derived::from_abi(This).release();
    }
    // The record's destroy, which ucom_object_release calls when the count reached zero.
    template <class Self>
    static void Destroy(void *This) noexcept
    {
        delete &Derived::from_abi(static_cast<Self *>(This));
    }
    // The record before each of Derived's vtables of interface Self.
    template <class Self>
    static constexpr ucom_release_record record = {&Destroy<Self>, &detail::module_object_count,
                                                   Derived::template refcount_offset<Self>()};

    static constexpr bool releases_through_runtime = true;
    static constexpr detail::prefixed_vtable<IUnknownVtbl> table = {
        record<IUnknown>, {&QueryInterface<IUnknown>, &AddRef<IUnknown>, &release_slot::IUnknown}};
    static constexpr const IUnknownVtbl &vtbl = table.vtbl;
};

} // namespace ucom
