# Sourcedesk's run-time hook for PySide6, in place of PyInstaller's (packaging/hooks/
# rthooks.dat names it first, so PyInstaller skips its own): the same environment for Qt,
# without importing PySide6.QtCore in every process the bundle starts.
#
# PyInstaller's hook ends with `create_embedded_qt_conf`, which imports PySide6.QtCore to
# register a qt.conf when the bindings have not. PySide6's wheels register theirs when
# imported, so for them it does nothing but the import: ~40 ms of Qt's libraries loaded in
# a `sourcedesk search`, an import's readers and its indexing child, none of which uses
# Qt, and PySide6's import hook reading the source of every module imported after it
# (another ~50 ms of a search). The window imports PySide6 itself, and with it its qt.conf.


def _pyi_rthook():
    import os
    import sys

    from _pyi_rth_utils import is_macos_app_bundle, prepend_path_to_environment_variable
    from _pyi_rth_utils import qt as qt_rth_utils

    qt_rth_utils.ensure_single_qt_bindings_package("PySide6")

    if sys.platform.startswith("win"):
        pyqt_path = os.path.join(sys._MEIPASS, "PySide6")
    else:
        pyqt_path = os.path.join(sys._MEIPASS, "PySide6", "Qt")

    os.environ["QT_PLUGIN_PATH"] = os.path.join(pyqt_path, "plugins")

    if is_macos_app_bundle:
        pyqt_path_res = os.path.normpath(
            os.path.join(sys._MEIPASS, "..", "Resources", os.path.relpath(pyqt_path, sys._MEIPASS))
        )
        os.environ["QML2_IMPORT_PATH"] = os.pathsep.join(
            [os.path.join(pyqt_path_res, "qml"), os.path.join(pyqt_path, "qml")]
        )
    else:
        os.environ["QML2_IMPORT_PATH"] = os.path.join(pyqt_path, "qml")

    if sys.platform.startswith("win"):
        prepend_path_to_environment_variable(sys._MEIPASS, "PATH")
    if sys.platform == "darwin" and not is_macos_app_bundle:
        prepend_path_to_environment_variable(sys._MEIPASS, "DYLD_LIBRARY_PATH")


_pyi_rthook()
del _pyi_rthook
