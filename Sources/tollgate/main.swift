import ArgumentParser
import TollgateKit

Tollgate.main()
