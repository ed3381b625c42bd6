// com_ptr<T>: ownership, conversions through QueryInterface and to base interfaces, identity.
#include <memory>
#include <type_traits>
#include <utility>

#include <catch2/catch.hpp>

#include <ucom/com_ptr.hpp>

#include "calculator.hpp"
#include "numbered_interface.hpp"

using test::numbered_object;
using test::ref_count;

TEST_CASE("com_ptr copies add a reference and moves transfer it, exactly")
{
    int destroyed = 0;
    {
        ucom::com_ptr<INumbered<1>> first = ucom::make<numbered_object<1, 2>>(&destroyed);
        CHECK(ref_count(first.get()) == 1);
        {
            const ucom::com_ptr<INumbered<1>> copy = first; // NOLINT(performance-unnecessary-copy-initialization)
            CHECK(ref_count(first.get()) == 2);
            ucom::com_ptr<INumbered<1>> moved = std::move(first);
            CHECK_FALSE(first); // NOLINT(bugprone-use-after-move)
            CHECK(ref_count(moved.get()) == 2);
            first = moved;
            CHECK(ref_count(moved.get()) == 3);
        }
        CHECK(ref_count(first.get()) == 1);
        const ucom::com_ptr<INumbered<1>> &same = first;
        first = same; // self-assignment keeps the reference
        CHECK(ref_count(first.get()) == 1);
        CHECK(destroyed == 0);
    }
    CHECK(destroyed == 1);
}

TEST_CASE("attach adopts a reference, detach hands it out, copy_from adds one")
{
    int destroyed = 0;
    ucom::com_ptr<INumbered<1>> owner = ucom::make<numbered_object<1>>(&destroyed);
    INumbered<1> *raw = owner.detach();
    CHECK_FALSE(owner);
    CHECK(ref_count(raw) == 1);

    ucom::com_ptr<INumbered<1>> adopted;
    adopted.attach(raw);
    CHECK(ref_count(raw) == 1);

    ucom::com_ptr<INumbered<1>> borrowed;
    borrowed.copy_from(raw);
    CHECK(ref_count(raw) == 2);

    INumbered<1> *out = nullptr;
    borrowed.copy_to(&out);
    CHECK(out == raw);
    CHECK(ref_count(raw) == 3);
    out->Release();

    borrowed.reset();
    adopted = nullptr;
    CHECK(destroyed == 1);
}

TEST_CASE("put releases what is held and receives an [out] reference")
{
    int destroyed = 0;
    ucom::com_ptr<INumbered<1>> held = ucom::make<numbered_object<1, 2>>(&destroyed);
    const ucom::com_ptr<INumbered<2>> other = ucom::make<numbered_object<2>>(&destroyed);
    ucom::com_ptr<INumbered<2>> target = ucom::make<numbered_object<2>>(&destroyed);
    REQUIRE(other->QueryInterface(&ucom::iid_of<INumbered<2>>, target.put_void()) == S_OK);
    CHECK(destroyed == 1); // put released the object target held before
    CHECK(target == other);
    CHECK(ref_count(other.get()) == 2);
    held.reset();
    CHECK(destroyed == 2);
}

TEST_CASE("as<U> queries for another interface and reports a miss as an error")
{
    const ucom::com_ptr<ICalculator2> calc = ucom::make<example::calculator>();
    const ucom::result<ucom::com_ptr<IDescribe>> describe = calc.as<IDescribe>();
    REQUIRE(describe);
    CHECK(ref_count(calc.get()) == 2);

    const auto missing = calc.as<IClassFactory>();
    REQUIRE_FALSE(missing);
    CHECK(missing.error().code() == E_NOINTERFACE);
    CHECK(missing.error().origin() == "QueryInterface");
    CHECK(ref_count(calc.get()) == 2);

    const ucom::com_ptr<ICalculator2> empty;
    const auto from_empty = empty.as<IDescribe>();
    REQUIRE_FALSE(from_empty);
    CHECK(from_empty.error().code() == E_POINTER);
}

TEST_CASE("try_as<U> returns an empty com_ptr on a miss")
{
    const ucom::com_ptr<ICalculator2> calc = ucom::make<example::calculator>();
    CHECK(calc.try_as<ICalculator>());
    CHECK_FALSE(calc.try_as<IClassFactory>());
    CHECK_FALSE(ucom::com_ptr<ICalculator2>().try_as<IUnknown>());
    CHECK(ref_count(calc.get()) == 1);
}

namespace {
// An ICalculator2 in C whose QueryInterface only counts its calls: the conversion to a base
// interface must not make any.
struct counting_calculator {
    ICalculator2 itf;
    ULONG refs = 1;
    int queries = 0;
};
counting_calculator *counting_of(ICalculator2 *This)
{
    return reinterpret_cast<counting_calculator *>(This);
}
HRESULT STDMETHODCALLTYPE counting_query(ICalculator2 *This, REFIID, void **ppv)
{
    ++counting_of(This)->queries;
    *ppv = nullptr;
    return E_NOINTERFACE;
}
ULONG STDMETHODCALLTYPE counting_add_ref(ICalculator2 *This)
{
    return ++counting_of(This)->refs;
}
ULONG STDMETHODCALLTYPE counting_release(ICalculator2 *This)
{
    return --counting_of(This)->refs;
}
const ICalculator2Vtbl counting_vtbl = {counting_query, counting_add_ref, counting_release, nullptr, nullptr, nullptr};
} // namespace

TEST_CASE("com_ptr converts implicitly to a base interface of the IDL, without QueryInterface")
{
    counting_calculator object{{&counting_vtbl}, 1, 0};
    ucom::com_ptr<ICalculator2> derived;
    derived.attach(&object.itf);

    const ucom::com_ptr<ICalculator> copied = derived; // a copy adds a reference
    CHECK(object.refs == 2);
    CHECK(static_cast<void *>(copied.get()) == static_cast<void *>(derived.get()));
    ucom::com_ptr<IUnknown> unknown = copied; // up two levels
    CHECK(object.refs == 3);
    ucom::com_ptr<ICalculator> moved = std::move(derived); // a move takes the reference over
    CHECK_FALSE(derived); // NOLINT(bugprone-use-after-move)
    CHECK(object.refs == 3);
    unknown = moved;
    CHECK(object.refs == 3); // one released, one added
    unknown = std::move(moved);
    CHECK(object.refs == 2);
    CHECK(object.queries == 0);
    unknown.reset();
    CHECK(object.refs == 1);
}

// The conversion follows the IDL's base chain only: sideways and downwards it is as<U>().
static_assert(ucom::interface_derives_from_v<ICalculator2, ICalculator>);
static_assert(ucom::interface_derives_from_v<ICalculator2, IUnknown>);
static_assert(!ucom::interface_derives_from_v<ICalculator, ICalculator2>);
static_assert(!ucom::interface_derives_from_v<IDescribe, ICalculator>);
static_assert(std::is_convertible_v<ucom::com_ptr<ICalculator2>, ucom::com_ptr<ICalculator>>);
static_assert(std::is_convertible_v<const ucom::com_ptr<ICalculator2> &, ucom::com_ptr<IUnknown>>);
static_assert(std::is_assignable_v<ucom::com_ptr<ICalculator> &, ucom::com_ptr<ICalculator2>>);
static_assert(!std::is_convertible_v<ucom::com_ptr<ICalculator>, ucom::com_ptr<ICalculator2>>);
static_assert(!std::is_convertible_v<ucom::com_ptr<IDescribe>, ucom::com_ptr<ICalculator>>);
static_assert(!std::is_assignable_v<ucom::com_ptr<IDescribe> &, ucom::com_ptr<ICalculator2>>);
static_assert(!std::is_constructible_v<ucom::com_ptr<IClassFactory>, ucom::com_ptr<ICalculator2>>);

TEST_CASE("com_ptrs compare equal exactly when they reach the same object")
{
    const ucom::com_ptr<ICalculator2> a = ucom::make<example::calculator>();
    const ucom::com_ptr<ICalculator2> b = ucom::make<example::calculator>();
    const ucom::com_ptr<IDescribe> a_describe = a.as<IDescribe>().value();
    const ucom::com_ptr<ICalculator> a_base = a.as<ICalculator>().value();
    CHECK(a == a_describe);
    CHECK(a_describe == a_base);
    CHECK(a != b);
    CHECK(b != a_describe);
    CHECK(ucom::com_ptr<IDescribe>() == nullptr);
    CHECK(a != nullptr);
    CHECK(ucom::com_ptr<IDescribe>() == ucom::com_ptr<ICalculator>());
    CHECK(ref_count(a.get()) == 3);
}

TEST_CASE("com_ptr is one pointer wide and its address is still reachable")
{
    static_assert(sizeof(ucom::com_ptr<IUnknown>) == sizeof(IUnknown *));
    ucom::com_ptr<IUnknown> p;
    CHECK(std::addressof(p) != nullptr);
}
