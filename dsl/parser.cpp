// placeholder until the parser lands
#include "parser.hpp"
