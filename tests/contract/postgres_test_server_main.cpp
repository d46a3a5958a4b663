// The ctest fixture that gives the contract tests one PostgreSQL server for the whole run
// (see postgres_server.hpp): `start <state file>` starts it and writes where it is,
// `stop <state file>` stops it and removes its files.
#include <cstring>
#include <exception>
#include <iostream>

#include "postgres_server.hpp"

int main(int argc, char** argv) {
    using shiftsync::contract::PostgresServer;
    if (argc != 3 || (std::strcmp(argv[1], "start") != 0 && std::strcmp(argv[1], "stop") != 0)) {
        std::cerr << "usage: " << argv[0] << " start|stop <state file>\n";
        return 2;
    }
    try {
        if (std::strcmp(argv[1], "start") == 0) {
            PostgresServer::StopFromState(argv[2]);  // a server a crashed run left behind
            auto server = PostgresServer::Start();
            server->WriteState(argv[2]);
            std::cout << "PostgreSQL test server on port " << server->port() << "\n";
        } else {
            PostgresServer::StopFromState(argv[2]);
        }
    } catch (const std::exception& error) {
        std::cerr << error.what() << "\n";
        return 1;
    }
    return 0;
}
