// A stand-in for the `vscode` module (VS Code itself cannot run headless here): the parts of
// the API vscode-languageclient touches, with the diagnostics it sets recorded so a test can
// read what the real server published. Anything not modelled is a harmless universal stub.
'use strict';

const path = require('path');

function stub() {
  const fn = function () {
    return stub();
  };
  return new Proxy(fn, {
    get(target, prop) {
      if (prop === 'then') return undefined; // not a promise
      if (prop === 'dispose') return () => {};
      if (prop === Symbol.iterator) return function* () {};
      if (prop === Symbol.toPrimitive) return () => '';
      if (prop === 'length') return 0;
      if (!(prop in target)) target[prop] = stub();
      return target[prop];
    },
    apply() {
      return stub();
    },
    construct() {
      return stub();
    },
  });
}

class Disposable {
  constructor(fn) {
    this.fn = fn;
  }
  static from(...items) {
    return new Disposable(() => items.forEach((i) => i && i.dispose && i.dispose()));
  }
  dispose() {
    if (this.fn) this.fn();
  }
}

class EventEmitter {
  constructor() {
    this.listeners = [];
    this.event = (l) => {
      this.listeners.push(l);
      return new Disposable(() => {});
    };
  }
  fire(e) {
    this.listeners.forEach((l) => l(e));
  }
  dispose() {}
}

const event = () => new Disposable(() => {});

class CancellationTokenSource {
  constructor() {
    this.token = { isCancellationRequested: false, onCancellationRequested: event };
  }
  cancel() {
    this.token.isCancellationRequested = true;
  }
  dispose() {}
}

class Uri {
  constructor(scheme, fsPath) {
    this.scheme = scheme;
    this.fsPath = fsPath;
    this.path = fsPath;
    this.authority = '';
    this.query = '';
    this.fragment = '';
  }
  static parse(s) {
    if (s.startsWith('file://')) return new Uri('file', decodeURIComponent(s.slice(7)));
    return new Uri(s.split(':')[0], s);
  }
  static file(p) {
    return new Uri('file', p);
  }
  toString() {
    return this.scheme === 'file' ? 'file://' + encodeURI(this.fsPath) : this.fsPath;
  }
  toJSON() {
    return this.toString();
  }
  with() {
    return this;
  }
}

class Position {
  constructor(line, character) {
    this.line = line;
    this.character = character;
  }
}
class Range {
  constructor(a, b, c, d) {
    if (typeof a === 'number') {
      this.start = new Position(a, b);
      this.end = new Position(c, d);
    } else {
      this.start = a;
      this.end = b;
    }
  }
}
class Location {
  constructor(uri, range) {
    this.uri = uri;
    this.range = range;
  }
}
class Diagnostic {
  constructor(range, message, severity) {
    this.range = range;
    this.message = message;
    this.severity = severity;
  }
}
class DiagnosticRelatedInformation {
  constructor(location, message) {
    this.location = location;
    this.message = message;
  }
}
class MarkdownString {
  constructor(value) {
    this.value = value || '';
  }
  appendMarkdown(v) {
    this.value += v;
    return this;
  }
}

function createMock({ settings = {}, workspaceFolder }) {
  const published = new Map();
  const shown = [];
  const collections = [];
  const folders = workspaceFolder
    ? [{ uri: Uri.file(workspaceFolder), name: path.basename(workspaceFolder), index: 0 }]
    : undefined;
  const diagnosticCollection = (name) => {
    const c = {
      name,
      set(uri, diags) {
        log(`set ${uri}`);
        if (Array.isArray(uri)) {
          uri.forEach(([u, d]) => published.set(u.toString(), d || []));
        } else {
          published.set(uri.toString(), diags || []);
        }
      },
      delete(uri) {
        published.delete(uri.toString());
      },
      clear() {
        published.clear();
      },
      forEach() {},
      get(uri) {
        return published.get(uri.toString());
      },
      has(uri) {
        return published.has(uri.toString());
      },
      dispose() {},
    };
    collections.push(c);
    return c;
  };
  const log = (m) => {
    if (process.env.DEBUG_MOCK) process.stderr.write(`[client] ${m}\n`);
  };
  const outputChannel = () => ({
    append: log,
    appendLine: log,
    replace() {},
    clear() {},
    show() {},
    hide() {},
    dispose() {},
    trace() {},
    debug() {},
    info() {},
    warn() {},
    error: log,
    name: 'mesoslint',
    logLevel: 2,
    onDidChangeLogLevel: event,
  });
  const base = {
    Disposable,
    EventEmitter,
    CancellationTokenSource,
    Uri,
    Position,
    Range,
    Location,
    Diagnostic,
    DiagnosticRelatedInformation,
    MarkdownString,
    DiagnosticSeverity: { Error: 0, Warning: 1, Information: 2, Hint: 3 },
    DiagnosticTag: { Unnecessary: 1, Deprecated: 2 },
    ExtensionMode: { Production: 1, Development: 2, Test: 3 },
    version: '1.82.0',
    env: { appName: 'mock', language: 'en', machineId: 'x', sessionId: 'y', uiKind: 1 },
    workspace: {
      workspaceFolders: folders,
      textDocuments: [],
      getConfiguration: (section) => ({
        get: (key, dflt) => {
          const v = settings[section ? `${section}.${key}` : key];
          return v === undefined ? dflt : v;
        },
        has: () => false,
        update: async () => {},
        inspect: () => undefined,
      }),
      getWorkspaceFolder: () => (folders ? folders[0] : undefined),
      onDidOpenTextDocument: event,
      onDidCloseTextDocument: event,
      onDidChangeTextDocument: event,
      onDidSaveTextDocument: event,
      onWillSaveTextDocument: event,
      onDidChangeConfiguration: event,
      onDidChangeWorkspaceFolders: event,
      onDidCreateFiles: event,
      onDidRenameFiles: event,
      onDidDeleteFiles: event,
      onWillCreateFiles: event,
      onWillRenameFiles: event,
      onWillDeleteFiles: event,
      onDidChangeNotebookDocument: event,
      onDidOpenNotebookDocument: event,
      onDidCloseNotebookDocument: event,
      onDidSaveNotebookDocument: event,
      notebookDocuments: [],
      createFileSystemWatcher: () => ({
        onDidCreate: event,
        onDidChange: event,
        onDidDelete: event,
        dispose() {},
      }),
    },
    window: {
      createOutputChannel: outputChannel,
      showErrorMessage: async (m) => {
        shown.push(m);
      },
      showWarningMessage: async (m) => {
        shown.push(m);
      },
      showInformationMessage: async (m) => {
        shown.push(m);
      },
      onDidChangeActiveTextEditor: event,
      onDidChangeVisibleTextEditors: event,
      visibleTextEditors: [],
      activeTextEditor: undefined,
      tabGroups: { all: [], onDidChangeTabs: event, onDidChangeTabGroups: event },
    },
    // registerHoverProvider, registerCodeActionsProvider, ...: registered, never called here.
    languages: new Proxy(
      { createDiagnosticCollection: diagnosticCollection, match: () => 10 },
      {
        get(target, prop) {
          if (prop in target) return target[prop];
          if (typeof prop === 'string' && prop.startsWith('register')) {
            return () => new Disposable(() => {});
          }
          return undefined;
        },
      }
    ),
    commands: { registerCommand: () => new Disposable(() => {}), executeCommand: async () => undefined },
    extensions: { all: [], getExtension: () => undefined, onDidChange: event },
  };
  const vscode = new Proxy(base, {
    get(target, prop) {
      if (prop in target) return target[prop];
      if (prop === '__esModule' || prop === 'then' || prop === 'default') return undefined;
      target[prop] = stub();
      return target[prop];
    },
  });
  return { vscode, published, shown, collections };
}

// Make `require('vscode')` return `vscode` from now on.
function install(vscode) {
  const Module = require('module');
  const load = Module._load;
  Module._load = function (request, parent, isMain) {
    if (request === 'vscode') return vscode;
    return load.call(this, request, parent, isMain);
  };
}

module.exports = { createMock, install };
