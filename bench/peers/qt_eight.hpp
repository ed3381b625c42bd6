// The comparison's workload for Qt: eight plugin interfaces of one method each, declared as
// Qt declares plugin interfaces (Q_DECLARE_INTERFACE), and one more that no object has.
#pragma once

#include <cstdint>

#include <QtPlugin>

class QtNumber0 {
public:
    virtual ~QtNumber0() = default;
    virtual std::int32_t number0() = 0;
};
class QtNumber1 {
public:
    virtual ~QtNumber1() = default;
    virtual std::int32_t number1() = 0;
};
class QtNumber2 {
public:
    virtual ~QtNumber2() = default;
    virtual std::int32_t number2() = 0;
};
class QtNumber3 {
public:
    virtual ~QtNumber3() = default;
    virtual std::int32_t number3() = 0;
};
class QtNumber4 {
public:
    virtual ~QtNumber4() = default;
    virtual std::int32_t number4() = 0;
};
class QtNumber5 {
public:
    virtual ~QtNumber5() = default;
    virtual std::int32_t number5() = 0;
};
class QtNumber6 {
public:
    virtual ~QtNumber6() = default;
    virtual std::int32_t number6() = 0;
};
class QtNumber7 {
public:
    virtual ~QtNumber7() = default;
    virtual std::int32_t number7() = 0;
};
class QtAbsent {
public:
    virtual ~QtAbsent() = default;
};

Q_DECLARE_INTERFACE(QtNumber0, "ucom.bench.QtNumber0/1.0")
Q_DECLARE_INTERFACE(QtNumber1, "ucom.bench.QtNumber1/1.0")
Q_DECLARE_INTERFACE(QtNumber2, "ucom.bench.QtNumber2/1.0")
Q_DECLARE_INTERFACE(QtNumber3, "ucom.bench.QtNumber3/1.0")
Q_DECLARE_INTERFACE(QtNumber4, "ucom.bench.QtNumber4/1.0")
Q_DECLARE_INTERFACE(QtNumber5, "ucom.bench.QtNumber5/1.0")
Q_DECLARE_INTERFACE(QtNumber6, "ucom.bench.QtNumber6/1.0")
Q_DECLARE_INTERFACE(QtNumber7, "ucom.bench.QtNumber7/1.0")
Q_DECLARE_INTERFACE(QtAbsent, "ucom.bench.QtAbsent/1.0")
