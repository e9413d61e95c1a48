/** picocli, compiled from its published sources (see this module's pom.xml). */
module info.picocli {
    requires static java.sql;

    exports picocli;
}
