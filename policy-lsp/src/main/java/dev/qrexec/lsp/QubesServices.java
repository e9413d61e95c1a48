package dev.qrexec.lsp;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The qrexec services a Qubes OS system knows, with a sentence on what each does,
 * and the Admin API calls with their scope: for completion and hover. The policy
 * itself never depends on this table.
 */
final class QubesServices {
    /** Who an Admin API call is about, which decides what its target column must name. */
    enum Scope {
        /** About the whole system: the target is dom0 ({@code @adminvm}). */
        GLOBAL("the whole system: the target column is dom0 (@adminvm)"),
        /** About one qube: the target column names that qube, and the action needs {@code target=dom0}. */
        QUBE("one qube: the target column names the qube, and the rule needs target=dom0"),
        /** Either: dom0 for the whole system, or a qube for that qube alone. */
        BOTH("the whole system with target dom0, or one qube named in the target column (the rule needs "
                + "target=dom0)");

        final String text;

        Scope(String text) {
            this.text = text;
        }
    }

    /** A known service: what it does, and for an Admin API call its scope. */
    record Service(String name, String description, Optional<Scope> scope) {}

    private static final Map<String, Service> SERVICES = table();

    private static Map<String, Service> table() {
        Map<String, Service> table = new LinkedHashMap<>();
        service(table, "qubes.Filecopy", "copies files from the calling qube into the target's ~/QubesIncoming/SOURCE");
        service(table, "qubes.OpenInVM", "opens a file from the calling qube in an application of the target qube");
        service(table, "qubes.OpenURL", "opens a URL from the calling qube in the target's web browser");
        service(table, "qubes.VMShell", "runs any command in the target as its default user: full control of the target");
        service(table, "qubes.VMExec", "runs one command, given as the argument, in the target");
        service(table, "qubes.VMExecGUI", "runs one command with a GUI, given as the argument, in the target");
        service(table, "qubes.VMRootShell", "runs any command in the target as root");
        service(table, "qubes.StartApp", "starts the application named by the argument (a .desktop file) in the target");
        service(table, "qubes.ClipboardPaste", "pastes the global clipboard into the target qube");
        service(table, "qubes.Gpg", "split GPG: signs and decrypts with the keys kept in the target (backend) qube");
        service(table, "qubes.Gpg2", "split GPG 2: the gpg-agent protocol of the target's keys");
        service(table, "qubes.GpgImportKey", "imports a public key into the split-GPG backend qube");
        service(table, "qubes.PdfConvert", "converts an untrusted PDF into a safe one in a disposable");
        service(table, "qubes.GetImageRGBA", "renders an untrusted image to plain pixels (image conversion, icons)");
        service(table, "qubes.GetAppmenus", "dom0 asks a template or qube for its application menu entries");
        service(table, "qubes.SyncAppMenus", "a qube sends its application menu entries to dom0");
        service(table, "qubes.NotifyTools", "a qube tells dom0 which Qubes tools it has installed");
        service(table, "qubes.NotifyUpdates", "a template or qube tells dom0 whether updates are pending");
        service(table, "qubes.FeaturesRequest", "a qube asks dom0 to set features of itself (checked by dom0's extensions)");
        service(table, "qubes.UpdatesProxy", "gives templates network access for updates through the updates proxy qube");
        service(table, "qubes.GetDate", "gives the calling qube the time of the target (clock synchronisation)");
        service(table, "qubes.GetRandomizedTime", "gives a randomised time, for Whonix-style time synchronisation");
        service(table, "qubes.SetDateTime", "dom0 sets the clock of a qube");
        service(table, "qubes.InputMouse", "a USB qube passes mouse events to dom0");
        service(table, "qubes.InputKeyboard", "a USB qube passes keyboard events to dom0: keys typed in dom0");
        service(table, "qubes.InputTablet", "a USB qube passes tablet and touchscreen events to dom0");
        service(table, "qubes.USB", "attaches a USB device of the calling (USB) qube to the target");
        service(table, "qubes.USBAttach", "dom0 asks a USB qube to attach a device to another qube");
        service(table, "qubes.ConnectTCP", "connects a TCP port of the caller to the port given as argument in the target");
        service(table, "qubes.WaitForSession", "waits until the target's GUI session has started");
        service(table, "qubes.SuspendPre", "tells a qube that the system is about to suspend");
        service(table, "qubes.SuspendPost", "tells a qube that the system has resumed");
        service(table, "qubes.SelectFile", "lets the user choose a file in the target, for the calling qube");
        service(table, "qubes.SelectDirectory", "lets the user choose a directory in the target, for the calling qube");
        service(table, "qubes.ShowInTerminal", "shows a terminal of the target to the user");
        service(table, "qubes.Backup", "writes a backup stream from dom0 into the target qube");
        service(table, "qubes.Restore", "reads a backup stream from the target qube into dom0");
        service(table, "qubes.ResizeDisk", "grows the file system of a qube after its volume was resized");
        service(table, "qubes.PostInstall", "runs after a template is installed, to report its tools and menus");
        service(table, "qubes.TemplateSearch", "lists the templates the repositories offer (through the update qube)");
        service(table, "qubes.TemplateDownload", "downloads a template package (through the update qube)");
        service(table, "qubes.ReceiveUpdates", "dom0 receives its updates from the update qube");
        service(table, "qubes.SetMonitorLayout", "tells a qube the current monitor layout");
        service(table, "qubes.WindowIconUpdater", "sends the icons of the target's windows to the GUI qube");
        service(table, "qubes.AuthorizedKeysCommand", "hands out SSH keys kept in another qube");
        service(table, "qubes.SshAgent", "split SSH: the ssh-agent protocol of the keys kept in the target");
        service(table, "u2f.Register", "registers a U2F / FIDO key held by the target (USB) qube for the calling qube");
        service(table, "u2f.Authenticate", "authenticates with a U2F / FIDO key held by the target qube");
        service(table, "ctap.GetInfo", "asks the CTAP (FIDO2) proxy in the target for its key's capabilities");
        service(table, "ctap.ClientPin", "sets or checks the PIN of a FIDO2 key held by the target qube");
        service(table, "policy.List", "lists the policy files of /etc/qubes/policy.d (admin service of this policy)");
        service(table, "policy.Get", "reads one policy file and its token");
        service(table, "policy.Replace", "replaces one policy file, checked against the whole policy first");
        service(table, "policy.Remove", "removes one policy file, checked against the whole policy first");
        service(table, "policy.include.List", "lists the files of /etc/qubes/policy.d/include");
        service(table, "policy.include.Get", "reads one file of the include directory and its token");
        service(table, "policy.include.Replace", "replaces one file of the include directory, checked first");
        service(table, "policy.include.Remove", "removes one file of the include directory, checked first");
        service(table, "policy.GetFiles", "lists the files that decide a service's calls");
        service(table, "policy.RegisterArgument", "registers an argument of a service in the include directory");
        service(table, "policy.Ask", "dom0 asks the user in the GUI qube to confirm or choose a target");
        service(table, "policy.Notify", "dom0 tells the user in the GUI qube that a call was allowed or denied");
        service(table, "policy.EvalSimple", "a GUI qube asks the policy daemon how a call would be decided");
        service(table, "policy.EvalGUI", "a GUI qube asks the policy daemon about a call, with icons for the prompt");
        service(table, "whonix.SdwdateStatus", "Whonix: reports the time synchronisation status to other qubes");
        service(table, "whonix.NewStatus", "Whonix: a qube reports a new status to the Whonix gateway");

        admin(table, "admin.vmclass.List", Scope.GLOBAL, "lists the classes of qubes");
        admin(table, "admin.vm.List", Scope.BOTH, "lists qubes with their class and state (one qube when it is the target)");
        admin(table, "admin.vm.Create.AppVM", Scope.GLOBAL, "creates an AppVM (the argument names its template)");
        admin(table, "admin.vm.Create.TemplateVM", Scope.GLOBAL, "creates a template");
        admin(table, "admin.vm.Create.StandaloneVM", Scope.GLOBAL, "creates a standalone qube");
        admin(table, "admin.vm.Create.DispVM", Scope.GLOBAL, "creates a named disposable");
        admin(table, "admin.vm.CreateInPool.AppVM", Scope.GLOBAL, "creates an AppVM with its volumes in a given pool");
        admin(table, "admin.vm.CreateInPool.TemplateVM", Scope.GLOBAL, "creates a template in a given pool");
        admin(table, "admin.vm.CreateInPool.StandaloneVM", Scope.GLOBAL, "creates a standalone qube in a given pool");
        admin(table, "admin.vm.CreateDisposable", Scope.QUBE, "creates a disposable from the target (a disposable template)");
        admin(table, "admin.vm.Remove", Scope.QUBE, "removes the target qube");
        admin(table, "admin.vm.Start", Scope.QUBE, "starts the target qube");
        admin(table, "admin.vm.Shutdown", Scope.QUBE, "shuts the target qube down");
        admin(table, "admin.vm.Pause", Scope.QUBE, "pauses the target qube");
        admin(table, "admin.vm.Unpause", Scope.QUBE, "unpauses the target qube");
        admin(table, "admin.vm.Kill", Scope.QUBE, "kills the target qube at once");
        admin(table, "admin.vm.Console", Scope.QUBE, "opens the target's console");
        admin(table, "admin.vm.CurrentState", Scope.QUBE, "reports the target's power state and memory");
        admin(table, "admin.vm.Stats", Scope.BOTH, "streams CPU and memory use of qubes");
        admin(table, "admin.vm.property.List", Scope.QUBE, "lists the target's properties");
        admin(table, "admin.vm.property.Get", Scope.QUBE, "reads one property of the target (the argument names it)");
        admin(table, "admin.vm.property.GetAll", Scope.QUBE, "reads every property of the target");
        admin(table, "admin.vm.property.GetDefault", Scope.QUBE, "reads the default value of one property of the target");
        admin(table, "admin.vm.property.Help", Scope.QUBE, "reads the help text of one property of the target");
        admin(table, "admin.vm.property.Set", Scope.QUBE, "sets one property of the target (the argument names it)");
        admin(table, "admin.vm.property.Reset", Scope.QUBE, "resets one property of the target to its default");
        admin(table, "admin.vm.feature.List", Scope.QUBE, "lists the target's features");
        admin(table, "admin.vm.feature.Get", Scope.QUBE, "reads one feature of the target");
        admin(table, "admin.vm.feature.CheckWithTemplate", Scope.QUBE, "reads a feature of the target or its template");
        admin(table, "admin.vm.feature.CheckWithNetvm", Scope.QUBE, "reads a feature of the target or its net qube");
        admin(table, "admin.vm.feature.CheckWithAdminVM", Scope.QUBE, "reads a feature of the target or of dom0");
        admin(table, "admin.vm.feature.CheckWithTemplateAndAdminVM", Scope.QUBE,
                "reads a feature of the target, its template or dom0");
        admin(table, "admin.vm.feature.Set", Scope.QUBE, "sets one feature of the target");
        admin(table, "admin.vm.feature.Remove", Scope.QUBE, "removes one feature of the target");
        admin(table, "admin.vm.tag.List", Scope.QUBE, "lists the target's tags");
        admin(table, "admin.vm.tag.Get", Scope.QUBE, "tells whether the target has a tag");
        admin(table, "admin.vm.tag.Set", Scope.QUBE, "adds a tag to the target");
        admin(table, "admin.vm.tag.Remove", Scope.QUBE, "removes a tag from the target");
        admin(table, "admin.vm.firewall.Get", Scope.QUBE, "reads the target's firewall rules");
        admin(table, "admin.vm.firewall.Set", Scope.QUBE, "replaces the target's firewall rules");
        admin(table, "admin.vm.firewall.Reload", Scope.QUBE, "applies the target's firewall rules again");
        admin(table, "admin.vm.notes.Get", Scope.QUBE, "reads the notes of the target");
        admin(table, "admin.vm.notes.Set", Scope.QUBE, "writes the notes of the target");
        admin(table, "admin.vm.volume.List", Scope.QUBE, "lists the target's volumes");
        admin(table, "admin.vm.volume.Info", Scope.QUBE, "describes one volume of the target");
        admin(table, "admin.vm.volume.ListSnapshots", Scope.QUBE, "lists the revisions of one volume of the target");
        admin(table, "admin.vm.volume.Revert", Scope.QUBE, "reverts one volume of the target to a revision");
        admin(table, "admin.vm.volume.Resize", Scope.QUBE, "resizes one volume of the target");
        admin(table, "admin.vm.volume.Import", Scope.QUBE, "writes new content into one volume of the target");
        admin(table, "admin.vm.volume.ImportWithSize", Scope.QUBE, "writes new content of a given size into a volume");
        admin(table, "admin.vm.volume.Clear", Scope.QUBE, "empties one volume of the target");
        admin(table, "admin.vm.volume.CloneFrom", Scope.QUBE, "starts copying one volume of the target");
        admin(table, "admin.vm.volume.CloneTo", Scope.QUBE, "finishes copying a volume into the target");
        admin(table, "admin.vm.volume.Set.revisions_to_keep", Scope.QUBE, "sets how many revisions a volume keeps");
        admin(table, "admin.vm.volume.Set.rw", Scope.QUBE, "makes a volume of the target writable or read-only");
        admin(table, "admin.vm.volume.Set.ephemeral", Scope.QUBE, "makes a volume of the target ephemeral");
        admin(table, "admin.vm.device.pci.Available", Scope.QUBE, "lists the PCI devices the target offers");
        admin(table, "admin.vm.device.pci.Assigned", Scope.QUBE, "lists the PCI devices assigned to the target");
        admin(table, "admin.vm.device.pci.Attached", Scope.QUBE, "lists the PCI devices attached to the target");
        admin(table, "admin.vm.device.pci.Assign", Scope.QUBE, "assigns a PCI device to the target");
        admin(table, "admin.vm.device.pci.Unassign", Scope.QUBE, "removes a PCI device assignment of the target");
        admin(table, "admin.vm.device.pci.Attach", Scope.QUBE, "attaches a PCI device to the target");
        admin(table, "admin.vm.device.pci.Detach", Scope.QUBE, "detaches a PCI device from the target");
        admin(table, "admin.vm.device.block.Available", Scope.QUBE, "lists the block devices the target offers");
        admin(table, "admin.vm.device.block.Attached", Scope.QUBE, "lists the block devices attached to the target");
        admin(table, "admin.vm.device.block.Attach", Scope.QUBE, "attaches a block device to the target");
        admin(table, "admin.vm.device.block.Detach", Scope.QUBE, "detaches a block device from the target");
        admin(table, "admin.vm.device.usb.Available", Scope.QUBE, "lists the USB devices the target offers");
        admin(table, "admin.vm.device.usb.Attached", Scope.QUBE, "lists the USB devices attached to the target");
        admin(table, "admin.vm.device.usb.Attach", Scope.QUBE, "attaches a USB device to the target");
        admin(table, "admin.vm.device.usb.Detach", Scope.QUBE, "detaches a USB device from the target");
        admin(table, "admin.vm.device.mic.Attach", Scope.QUBE, "attaches the microphone to the target");
        admin(table, "admin.vm.device.mic.Detach", Scope.QUBE, "detaches the microphone from the target");
        admin(table, "admin.vm.device.denied.List", Scope.QUBE, "lists the device classes denied to the target");
        admin(table, "admin.vm.device.denied.Add", Scope.QUBE, "denies a device class to the target");
        admin(table, "admin.vm.device.denied.Remove", Scope.QUBE, "allows a denied device class to the target again");
        admin(table, "admin.deviceclass.List", Scope.GLOBAL, "lists the device classes");
        admin(table, "admin.label.List", Scope.GLOBAL, "lists the labels (colours) of qubes");
        admin(table, "admin.label.Get", Scope.GLOBAL, "reads the colour of one label");
        admin(table, "admin.label.Index", Scope.GLOBAL, "reads the number of one label");
        admin(table, "admin.label.Create", Scope.GLOBAL, "creates a label");
        admin(table, "admin.label.Remove", Scope.GLOBAL, "removes a label");
        admin(table, "admin.property.List", Scope.GLOBAL, "lists the global properties");
        admin(table, "admin.property.Get", Scope.GLOBAL, "reads one global property");
        admin(table, "admin.property.GetAll", Scope.GLOBAL, "reads every global property");
        admin(table, "admin.property.GetDefault", Scope.GLOBAL, "reads the default of one global property");
        admin(table, "admin.property.Help", Scope.GLOBAL, "reads the help text of one global property");
        admin(table, "admin.property.Set", Scope.GLOBAL, "sets one global property (such as default_netvm)");
        admin(table, "admin.property.Reset", Scope.GLOBAL, "resets one global property to its default");
        admin(table, "admin.pool.List", Scope.GLOBAL, "lists the storage pools");
        admin(table, "admin.pool.ListDrivers", Scope.GLOBAL, "lists the storage pool drivers");
        admin(table, "admin.pool.Info", Scope.GLOBAL, "describes one storage pool");
        admin(table, "admin.pool.UsageDetails", Scope.GLOBAL, "reports the space used in one storage pool");
        admin(table, "admin.pool.Add", Scope.GLOBAL, "adds a storage pool");
        admin(table, "admin.pool.Remove", Scope.GLOBAL, "removes a storage pool");
        admin(table, "admin.pool.Set.revisions_to_keep", Scope.GLOBAL, "sets how many revisions a pool's volumes keep");
        admin(table, "admin.pool.Set.ephemeral_volatile", Scope.GLOBAL, "makes the volatile volumes of a pool ephemeral");
        admin(table, "admin.backup.Execute", Scope.GLOBAL, "runs a backup profile");
        admin(table, "admin.backup.Info", Scope.GLOBAL, "describes a backup profile");
        admin(table, "admin.backup.Cancel", Scope.GLOBAL, "cancels a running backup");
        admin(table, "admin.Events", Scope.BOTH, "streams qubesd's events (about one qube when it is the target)");
        return java.util.Collections.unmodifiableMap(table);
    }

    private QubesServices() {}

    private static void service(Map<String, Service> table, String name, String description) {
        table.put(name, new Service(name, description, Optional.empty()));
    }

    private static void admin(Map<String, Service> table, String name, Scope scope, String description) {
        table.put(name, new Service(name, "Admin API: " + description, Optional.of(scope)));
    }

    /** The known service of this name. */
    static Optional<Service> get(String name) {
        return Optional.ofNullable(SERVICES.get(name));
    }

    /** Every known service, Qubes services first, then the Admin API. */
    static Iterable<Service> all() {
        return SERVICES.values();
    }
}
