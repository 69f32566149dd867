import ArgumentParser
import TollgateKit

Interruption.install()
Tollgate.main()
