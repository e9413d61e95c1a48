package dev.qrexec.lsp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionKind;
import org.eclipse.lsp4j.CodeActionOptions;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.CodeLens;
import org.eclipse.lsp4j.CodeLensOptions;
import org.eclipse.lsp4j.CodeLensParams;
import org.eclipse.lsp4j.Command;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionList;
import org.eclipse.lsp4j.CompletionOptions;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.DidChangeConfigurationParams;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidChangeWatchedFilesParams;
import org.eclipse.lsp4j.DidCloseTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.DidSaveTextDocumentParams;
import org.eclipse.lsp4j.DocumentFormattingParams;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.ExecuteCommandOptions;
import org.eclipse.lsp4j.ExecuteCommandParams;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.LocationLink;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.MessageType;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.SaveOptions;
import org.eclipse.lsp4j.ServerCapabilities;
import org.eclipse.lsp4j.ServerInfo;
import org.eclipse.lsp4j.SymbolInformation;
import org.eclipse.lsp4j.TextDocumentSyncKind;
import org.eclipse.lsp4j.TextDocumentSyncOptions;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageClientAware;
import org.eclipse.lsp4j.services.LanguageServer;
import org.eclipse.lsp4j.services.TextDocumentService;
import org.eclipse.lsp4j.services.WorkspaceService;

/**
 * The language server of qrexec policy files. Notifications change the open
 * documents at once; everything else runs on one analysis thread, in the order the
 * messages came: each request sees the policy of every change before it. A change
 * leads to one new analysis of the whole tree and to diagnostics for every file they
 * concern (and an empty list for files that no longer have any). No failure of one
 * message stops the server: it answers with an error or logs it and goes on.
 */
public final class PolicyLanguageServer implements LanguageServer, LanguageClientAware {
    /** The command of the explain code lens: arguments SOURCE, TARGET, SERVICE[+ARG]. */
    public static final String EXPLAIN_COMMAND = "qrexec-policy.explain";

    private final ServerOptions options;
    private final Documents documents = new Documents();
    private final InfoSupply infoSupply;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "policy-lsp-analysis");
        thread.setDaemon(true);
        return thread;
    });
    private final CompletableFuture<Integer> exited = new CompletableFuture<>();
    private final TextService textService = new TextService();
    private final Workspace workspaceService = new Workspace();
    private volatile LanguageClient client;
    private volatile boolean shutdownRequested;
    private volatile boolean exitReceived;
    /** Touched on the analysis thread only. */
    private Snapshot snapshot;
    private Map<String, List<org.eclipse.lsp4j.Diagnostic>> published = Map.of();

    public PolicyLanguageServer(ServerOptions options) {
        this.options = options;
        this.infoSupply = new InfoSupply(options.systemInfo(), options.fallbackInfo());
    }

    @Override
    public void connect(LanguageClient languageClient) {
        this.client = languageClient;
    }

    /** Whether the client sent {@code exit} (the status follows once the answers before it are out). */
    boolean exitReceived() {
        return exitReceived;
    }

    /** Completes with the exit status once the client sent {@code exit}: 0 after {@code shutdown}, else 1. */
    public CompletableFuture<Integer> exited() {
        return exited;
    }

    @Override
    public CompletableFuture<InitializeResult> initialize(InitializeParams params) {
        return onWorker(() -> {
            if (infoSupply.configure(params.getInitializationOptions())) {
                documents.touch();
            }
            ServerCapabilities capabilities = new ServerCapabilities();
            TextDocumentSyncOptions sync = new TextDocumentSyncOptions();
            sync.setOpenClose(true);
            sync.setChange(TextDocumentSyncKind.Incremental);
            sync.setSave(new SaveOptions(false));
            capabilities.setTextDocumentSync(sync);
            capabilities.setHoverProvider(true);
            capabilities.setCompletionProvider(new CompletionOptions(false, List.of(":", "=", "@", "/", "+")));
            capabilities.setDefinitionProvider(true);
            capabilities.setDocumentSymbolProvider(true);
            capabilities.setDocumentFormattingProvider(true);
            capabilities.setCodeActionProvider(new CodeActionOptions(List.of(CodeActionKind.QuickFix)));
            capabilities.setCodeLensProvider(new CodeLensOptions(false));
            capabilities.setExecuteCommandProvider(new ExecuteCommandOptions(List.of(EXPLAIN_COMMAND)));
            String version = PolicyLanguageServer.class.getPackage().getImplementationVersion();
            return new InitializeResult(capabilities,
                    new ServerInfo("qrexec-policy", version == null ? "development build" : version));
        }, null);
    }

    @Override
    public CompletableFuture<Object> shutdown() {
        shutdownRequested = true;
        return onWorker(() -> null, null);
    }

    @Override
    public void exit() {
        exitReceived = true;
        int status = shutdownRequested ? 0 : 1;
        try {
            // after the answers to every request before it
            worker.execute(() -> exited.complete(status));
            worker.shutdown();
        } catch (java.util.concurrent.RejectedExecutionException e) {
            exited.complete(status);
        }
    }

    @Override
    public TextDocumentService getTextDocumentService() {
        return textService;
    }

    @Override
    public WorkspaceService getWorkspaceService() {
        return workspaceService;
    }

    /**
     * Runs {@code work} on the analysis thread; a failure is logged to the client and
     * answered with {@code fallback} (the server keeps running).
     */
    private <T> CompletableFuture<T> onWorker(java.util.function.Supplier<T> work, T fallback) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            worker.execute(() -> {
                try {
                    result.complete(work.get());
                } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
                    log(MessageType.Error, "internal error: " + e);
                    result.complete(fallback);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            result.complete(fallback);
        }
        return result;
    }

    /** The snapshot of the current documents, analysed (and published) now if they changed. */
    private Snapshot current() {
        Documents.State state = documents.state();
        if (snapshot == null || snapshot.generation != state.generation()) {
            InfoSupply.Outcome info = infoSupply.get();
            snapshot = Snapshot.analyse(options, state, info.info(), info.problem());
            publish(snapshot);
        }
        return snapshot;
    }

    private void publish(Snapshot analysed) {
        LanguageClient target = client;
        if (target == null) {
            return;
        }
        Map<String, List<org.eclipse.lsp4j.Diagnostic>> byUri = DiagnosticsReport.publishable(analysed);
        for (String stale : published.keySet()) {
            if (!byUri.containsKey(stale)) {
                target.publishDiagnostics(new PublishDiagnosticsParams(stale, List.of()));
            }
        }
        byUri.forEach((uri, list) -> {
            Optional<OpenDocument> open = analysed.documents.get(uri);
            // open documents hear about every version; other files only when their list changed
            if (open.isEmpty() && list.equals(published.get(uri))) {
                return;
            }
            PublishDiagnosticsParams params = new PublishDiagnosticsParams(uri, list);
            open.ifPresent(d -> params.setVersion(d.version()));
            target.publishDiagnostics(params);
        });
        published = byUri;
    }

    private void analyseLater() {
        onWorker(() -> {
            current();
            return null;
        }, null);
    }

    private void log(MessageType type, String message) {
        LanguageClient target = client;
        if (target != null) {
            target.logMessage(new MessageParams(type, message));
        }
    }

    /** Runs a feature on the current snapshot for an open document; {@code fallback} when it is not open. */
    private <T> CompletableFuture<T> withDocument(String uri, T fallback, Function<Feature, T> feature) {
        return onWorker(() -> {
            Snapshot analysed = current();
            Optional<OpenDocument> document = analysed.documents.get(uri);
            return document.map(d -> feature.apply(new Feature(analysed, d))).orElse(fallback);
        }, fallback);
    }

    private final class TextService implements TextDocumentService {
        @Override
        public void didOpen(DidOpenTextDocumentParams params) {
            documents.open(params.getTextDocument().getUri(), params.getTextDocument().getVersion(),
                    params.getTextDocument().getText());
            analyseLater();
        }

        @Override
        public void didChange(DidChangeTextDocumentParams params) {
            documents.change(params.getTextDocument().getUri(), params.getTextDocument().getVersion(),
                    params.getContentChanges());
            analyseLater();
        }

        @Override
        public void didClose(DidCloseTextDocumentParams params) {
            documents.close(params.getTextDocument().getUri());
            analyseLater();
        }

        @Override
        public void didSave(DidSaveTextDocumentParams params) {
            documents.touch();
            analyseLater();
        }

        @Override
        public CompletableFuture<Hover> hover(HoverParams params) {
            return withDocument(params.getTextDocument().getUri(), null,
                    f -> Hovers.hover(f, params.getPosition()));
        }

        @Override
        public CompletableFuture<Either<List<CompletionItem>, CompletionList>> completion(CompletionParams params) {
            return withDocument(params.getTextDocument().getUri(), Either.forLeft(List.of()),
                    f -> Either.forLeft(Completions.complete(f, params.getPosition())));
        }

        @Override
        public CompletableFuture<Either<List<? extends Location>, List<? extends LocationLink>>> definition(
                DefinitionParams params) {
            return withDocument(params.getTextDocument().getUri(), Either.forLeft(List.of()),
                    f -> Either.forLeft(Navigation.definition(f, params.getPosition())));
        }

        @Override
        public CompletableFuture<List<Either<SymbolInformation, DocumentSymbol>>> documentSymbol(
                DocumentSymbolParams params) {
            return withDocument(params.getTextDocument().getUri(), List.of(), Navigation::symbols);
        }

        @Override
        public CompletableFuture<List<? extends TextEdit>> formatting(DocumentFormattingParams params) {
            return withDocument(params.getTextDocument().getUri(), List.of(), f -> Navigation.format(f,
                    options.formatter()));
        }

        @Override
        public CompletableFuture<List<Either<Command, CodeAction>>> codeAction(CodeActionParams params) {
            return withDocument(params.getTextDocument().getUri(), List.of(), f -> new ArrayList<>(
                    CodeActions.actions(f, params.getRange(), params.getContext())));
        }

        @Override
        public CompletableFuture<List<? extends CodeLens>> codeLens(CodeLensParams params) {
            return withDocument(params.getTextDocument().getUri(), List.of(), Explains::lenses);
        }
    }

    private final class Workspace implements WorkspaceService {
        @Override
        public void didChangeConfiguration(DidChangeConfigurationParams params) {
            onWorker(() -> {
                if (infoSupply.configure(params.getSettings())) {
                    documents.touch();
                    current();
                }
                return null;
            }, null);
        }

        @Override
        public void didChangeWatchedFiles(DidChangeWatchedFilesParams params) {
            documents.touch();
            analyseLater();
        }

        @Override
        public CompletableFuture<Object> executeCommand(ExecuteCommandParams params) {
            return onWorker(() -> {
                if (!EXPLAIN_COMMAND.equals(params.getCommand())) {
                    return "unknown command " + params.getCommand();
                }
                return Explains.execute(current(), params.getArguments(), options.explanationText());
            }, null);
        }
    }

    /** What a feature works on: the snapshot and the document it was asked about. */
    record Feature(Snapshot snapshot, OpenDocument document) {
        /** The document's parsed file (as the tree reads it, or on its own). */
        dev.qrexec.parser.ast.PolicyFile file() {
            return snapshot.parsed(document.path()).orElseThrow();
        }

        dev.qrexec.parser.ast.Syntax syntax() {
            return snapshot.syntax(document.path());
        }

        /** The AST line at a 0-based line index, if the file has one there. */
        Optional<dev.qrexec.parser.ast.Line> line(int index) {
            for (dev.qrexec.parser.ast.Line line : file().lines()) {
                if (line.position().line() == index + 1) {
                    return Optional.of(line);
                }
            }
            return Optional.empty();
        }
    }
}
