object c9a3bf2f3f62ad9dd62d1b90c7f1e1604f44d64c
type commit
tag v1.4
tagger Mallory Helper <mallory@mail.example> 1708430400 +0000

tinyfmt 1.4
-----BEGIN PGP SIGNATURE-----

iIsEABYIADMWIQTpHcArydxKgEQvuAAwE4YBMZQORQUCZdSUQBUcbWFsbG9yeUBt
YWlsLmV4YW1wbGUACgkQMBOGATGUDkXYNgD/a+j0KwMltVyWfCPMWpZlw/kSmx8m
4znirqcsT4W+grABALEv0S9RYQ7FhCRCCvqSOTK/vqQ3swssVvH2vqAuckEO
=ZIvY
-----END PGP SIGNATURE-----
