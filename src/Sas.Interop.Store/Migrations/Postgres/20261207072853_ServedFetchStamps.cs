using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sas.Interop.Store.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ServedFetchStamps : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "FetchStamp",
                table: "served_stamps",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            // Hand-written: fetch-time-only updates bump FetchStamp, not Stamp (issue #20). The column lists are this
            // migration's, frozen in ServedFetchStampTriggers.ServedFetchStampsColumns.
            migrationBuilder.Sql(ServedStampTriggers.DropPostgres());
            migrationBuilder.Sql(ServedFetchStampTriggers.CreatePostgres(ServedFetchStampTriggers.ServedFetchStampsColumns));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(ServedFetchStampTriggers.DropPostgres());
            migrationBuilder.Sql(ServedStampTriggers.CreatePostgres());

            migrationBuilder.DropColumn(
                name: "FetchStamp",
                table: "served_stamps");
        }
    }
}
