// implements<>: COM's identity rules, reference counting and the ABI boundary's error path.
#include <cstring>
#include <new>
#include <stdexcept>
#include <vector>

#include <catch2/catch.hpp>

#include <ucom/com_ptr.hpp>
#include <ucom/implements.hpp>

#include "calculator.hpp"
#include "numbered_interface.hpp"

using test::numbered_object;
using test::ref_count;

namespace {

// Every IID the calculator answers to, and some it does not.
const GUID *const supported[] = {&IID_IUnknown, &IID_ICalculator, &IID_ICalculator2, &IID_IDescribe};
const GUID *const unsupported[] = {&IID_IClassFactory, &ucom::iid_of<INumbered<1>>};

void *query(void *from, const GUID *iid)
{
    void *out = reinterpret_cast<void *>(0x1); // must be overwritten either way
    const HRESULT hr = static_cast<IUnknown *>(from)->QueryInterface(iid, &out);
    if (FAILED(hr)) {
        CHECK(out == nullptr);
        return nullptr;
    }
    return out;
}

void release(void *p)
{
    static_cast<IUnknown *>(p)->Release();
}

// Describe fails in the way its constructor argument says.
enum class failure { none, hresult, std_exception, bad_alloc, foreign };

class failing_describer : public ucom::implements<failing_describer, IDescribe> {
public:
    explicit failing_describer(failure how) : how_(how) {}
    HRESULT Describe(char **text)
    {
        switch (how_) {
        case failure::hresult:
            throw ucom::hresult_error(E_ACCESSDENIED, "describing is forbidden", "Test.Describer");
        case failure::std_exception:
            throw std::runtime_error("the describer broke");
        case failure::bad_alloc:
            throw std::bad_alloc();
        case failure::foreign:
            throw 7;
        case failure::none:
            break;
        }
        *text = ucom_strdup("fine");
        return S_OK;
    }

private:
    failure how_;
};

} // namespace

TEST_CASE("QueryInterface for IUnknown returns the same pointer from every interface")
{
    const ucom::com_ptr<ICalculator2> calc = ucom::make<example::calculator>();
    void *identity = query(calc.get(), &IID_IUnknown);
    REQUIRE(identity != nullptr);
    for (const GUID *iid : supported) {
        void *p = query(calc.get(), iid);
        REQUIRE(p != nullptr);
        void *again = query(p, &IID_IUnknown);
        CHECK(again == identity);
        release(again);
        release(p);
    }
    release(identity);
    CHECK(ref_count(calc.get()) == 1);
}

TEST_CASE("QueryInterface is reflexive, symmetric and transitive over the supported interfaces")
{
    const ucom::com_ptr<ICalculator2> calc = ucom::make<example::calculator>();
    for (const GUID *a : supported) {
        void *pa = query(calc.get(), a);
        REQUIRE(pa != nullptr);
        void *self = query(pa, a); // reflexive
        CHECK(self != nullptr);
        release(self);
        for (const GUID *b : supported) {
            void *pb = query(pa, b);
            REQUIRE(pb != nullptr);
            void *back = query(pb, a); // symmetric
            CHECK(back != nullptr);
            release(back);
            for (const GUID *c : supported) {
                void *pc = query(pb, c);
                REQUIRE(pc != nullptr);
                void *direct = query(pa, c); // transitive
                CHECK(direct == pc);         // and stable: the same pointer each time
                release(direct);
                release(pc);
            }
            release(pb);
        }
        release(pa);
    }
    CHECK(ref_count(calc.get()) == 1);
}

TEST_CASE("QueryInterface failures set *ppv to null and add no reference")
{
    const ucom::com_ptr<ICalculator2> calc = ucom::make<example::calculator>();
    for (const GUID *iid : unsupported) {
        void *out = reinterpret_cast<void *>(0x1);
        CHECK(calc->QueryInterface(iid, &out) == E_NOINTERFACE);
        CHECK(out == nullptr);
    }
    const GUID nil{};
    void *out = reinterpret_cast<void *>(0x1);
    CHECK(calc->QueryInterface(&nil, &out) == E_NOINTERFACE);
    CHECK(out == nullptr);
    out = reinterpret_cast<void *>(0x1);
    CHECK(calc->QueryInterface(nullptr, &out) == E_INVALIDARG);
    CHECK(out == nullptr);
    CHECK(calc->QueryInterface(&IID_IUnknown, nullptr) == E_POINTER);
    CHECK(ref_count(calc.get()) == 1);
}

TEST_CASE("a base interface is served by the pointer of the interface that extends it")
{
    const ucom::com_ptr<ICalculator2> calc = ucom::make<example::calculator>();
    const ucom::com_ptr<ICalculator> base = calc.as<ICalculator>().value();
    CHECK(static_cast<void *>(base.get()) == static_cast<void *>(calc.get()));
    int32_t sum = 0;
    CHECK(base->Add(2, 3, &sum) == S_OK);
    CHECK(sum == 5);
}

TEST_CASE("each interface pointer points at the static C vtable of its interface")
{
    const ucom::com_ptr<ICalculator2> calc = ucom::make<example::calculator>();
    const ucom::com_ptr<IDescribe> describe = calc.as<IDescribe>().value();
    CHECK(calc->lpVtbl == &ucom::glue<ICalculator2, example::calculator>::vtbl);
    CHECK(describe->lpVtbl == &ucom::glue<IDescribe, example::calculator>::vtbl);
    // Calling through the C structs, as a C client does.
    int32_t product = 0;
    CHECK(calc->lpVtbl->Multiply(calc.get(), 6, 7, &product) == S_OK);
    CHECK(product == 42);
}

TEST_CASE("AddRef and Release return exact counts and the object is destroyed exactly once")
{
    int destroyed = 0;
    INumbered<1> *raw = ucom::make<numbered_object<1, 2, 3>>(&destroyed).detach();
    CHECK(raw->AddRef() == 2);
    CHECK(raw->AddRef() == 3);
    void *other = query(raw, &ucom::iid_of<INumbered<3>>);
    REQUIRE(other != nullptr);
    CHECK(ref_count(raw) == 4);
    CHECK(static_cast<INumbered<3> *>(other)->Release() == 3);
    CHECK(raw->Release() == 2);
    CHECK(raw->Release() == 1);
    CHECK(destroyed == 0);
    CHECK(raw->Release() == 0);
    CHECK(destroyed == 1);
}

TEST_CASE("a method's return value and [out] values pass through the thunk unchanged")
{
    const ucom::com_ptr<INumbered<5>> five = ucom::make<numbered_object<5, 9>>();
    int32_t value = 0;
    CHECK(five->Number(&value) == S_OK);
    CHECK(value == 5);
    CHECK(five.as<INumbered<9>>().value()->Number(&value) == S_OK);
    CHECK(value == 9);
    CHECK(five->Number(nullptr) == E_POINTER);
}

TEST_CASE("an exception thrown by an implementation becomes an HRESULT and error info at the boundary")
{
    struct expectation {
        failure how;
        HRESULT code;
        const char *message;
    };
    const expectation cases[] = {
        {failure::hresult, E_ACCESSDENIED, "describing is forbidden"},
        {failure::std_exception, E_FAIL, "the describer broke"},
        {failure::bad_alloc, E_OUTOFMEMORY, "out of memory"},
        {failure::foreign, E_UNEXPECTED, "an exception of type int (7), not a std::exception"},
    };
    for (const expectation &c : cases) {
        const ucom::com_ptr<IDescribe> describer = ucom::make<failing_describer>(c.how);
        char *text = reinterpret_cast<char *>(0x1);
        const HRESULT hr = describer->Describe(&text);
        CHECK(hr == c.code);
        CHECK(text == nullptr); // the [out] pointer is null after a failure
        const ucom::error e = ucom::error::from_hresult(hr);
        CHECK(e.message() == c.message);
    }
    const ucom::com_ptr<IDescribe> fine = ucom::make<failing_describer>(failure::none);
    char *text = nullptr;
    REQUIRE(fine->Describe(&text) == S_OK);
    CHECK(std::strcmp(text, "fine") == 0);
    ucom_free(text);
}

TEST_CASE("an error thrown with an origin keeps it across the boundary")
{
    const ucom::com_ptr<ICalculator2> calc = ucom::make<example::calculator>();
    int32_t quotient = 0;
    const HRESULT hr = calc->Divide(1, 0, &quotient);
    REQUIRE(hr == E_INVALIDARG);
    const ucom::error e = ucom::error::from_hresult(hr, "caller");
    CHECK(e.to_string() == "Example.Calculator: division by zero (E_INVALIDARG 0x80070057)");
}
