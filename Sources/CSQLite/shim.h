#ifndef UPKEEP_CSQLITE_SHIM_H
#define UPKEEP_CSQLITE_SHIM_H

#include <sqlite3.h>

#endif
