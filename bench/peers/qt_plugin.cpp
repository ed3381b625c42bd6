// The comparison's Qt plugin: the root object QPluginLoader::instance() returns answers the
// eight interfaces of qt_eight.hpp.
#include <QObject>

#include "qt_eight.hpp"

class QtEight : public QObject,
                public QtNumber0,
                public QtNumber1,
                public QtNumber2,
                public QtNumber3,
                public QtNumber4,
                public QtNumber5,
                public QtNumber6,
                public QtNumber7 {
    Q_OBJECT
    Q_PLUGIN_METADATA(IID "ucom.bench.QtNumber0/1.0")
    Q_INTERFACES(QtNumber0 QtNumber1 QtNumber2 QtNumber3 QtNumber4 QtNumber5 QtNumber6 QtNumber7)

public:
    std::int32_t number() override { return 7; } // overrides every qt_number<K>::number
};

#include "qt_plugin.moc"
